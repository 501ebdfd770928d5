// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TreeOutcomeJson;
import no.krrgateway.verdict.Section32Rule;
import org.junit.jupiter.api.Test;

/**
 * The streaming outcome writer against the tree-based one it replaced (kept in the tests as {@link TreeOutcomeJson}), over
 * the simulator's population as KRR would answer for it with both scopes and with the contact scope alone: the same
 * JSON byte for byte, so the same fields, values and order.
 */
class OutcomeJsonEquivalenceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final Set<String> BOTH_SCOPES = Set.of(SimulatorProperties.KONTAKTINFORMASJON_SCOPE,
            SimulatorProperties.DIGITALPOST_SCOPE);
    private static final Set<String> CONTACT_SCOPE = Set.of(SimulatorProperties.KONTAKTINFORMASJON_SCOPE);

    private final SyntheticPopulation population = new SyntheticPopulation(Clock.fixed(NOW, ZoneOffset.UTC));
    private final Section32Rule rule = new Section32Rule(Clock.fixed(NOW, ZoneOffset.UTC), Period.ofMonths(18));
    private final OutcomeJson streaming = new OutcomeJson(MAPPER);
    private final TreeOutcomeJson tree = new TreeOutcomeJson(MAPPER);

    @Test
    void streamingWriter_simulatorPopulation_writesTheSameJsonAsTheTreeWriter() throws Exception {
        List<String> ids = new ArrayList<>(Arrays.stream(TestPersons.values()).map(TestPersons::id).toList());
        ids.addAll(TestIds.valid(6000, 15));
        List<PersonOutcome> outcomes = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + 1000));
            outcomes.addAll(results(batch, from % 2000 == 0 ? BOTH_SCOPES : CONTACT_SCOPE, from));
        }
        outcomes.addAll(errors());
        assertThat(outcomes.stream().filter(o -> o instanceof PersonOutcome.Result r && r.krr().certificate() != null))
                .as("certificates in the population").hasSizeGreaterThan(300);

        StringBuilder lines = new StringBuilder();
        for (PersonOutcome outcome : outcomes) {
            String old = tree.write(outcome);
            assertThat(streaming.write(outcome)).isEqualTo(old);
            assertThat(MAPPER.readTree(streaming.toBytes(List.of(outcome)).get(0))).isEqualTo(MAPPER.readTree(old));
            lines.append(old).append('\n');
        }
        ByteArrayOutputStream jsonLines = new ByteArrayOutputStream();
        streaming.writeLines(outcomes, jsonLines);
        assertThat(jsonLines.toString(StandardCharsets.UTF_8)).isEqualTo(lines.toString());
    }

    /** The batch as the simulated KRR answers it, read as the gateway reads it, judged and made into results. */
    private List<PersonOutcome> results(List<String> batch, Set<String> scopes, int seq) throws Exception {
        KrrPersonRenderer renderer = new KrrPersonRenderer(new SimulatorProperties.Krr(true, true));
        List<Map<String, Object>> rendered = batch.stream()
                .map(id -> renderer.render(id, population.find(id), scopes, NOW)).toList();
        Map<String, KrrPerson> persons = KrrAnswer.persons(MAPPER,
                MAPPER.writeValueAsBytes(Map.of("personer", rendered)), id -> true);
        List<PersonOutcome> results = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            String id = batch.get(i);
            KrrPerson person = persons.getOrDefault(id, KrrPerson.notRegistered(id));
            RequestContext context = i % 3 == 0
                    ? new RequestContext("file:ids.txt", null, new OutcomeSource.File("ids.txt", seq + i))
                    : new RequestContext("r-" + seq, "corr-\"" + i + "\"-æøå",
                            new OutcomeSource.Kafka("krr.lookup.requests", i % 6, seq + i));
            results.add(new PersonOutcome.Result(context, id, rule.evaluate(person), person, null));
        }
        return results;
    }

    private static List<PersonOutcome> errors() {
        var kafka = new RequestContext("krr.lookup.requests-0-42", "c-1", new OutcomeSource.Kafka("t", 0, 42));
        var file = new RequestContext("file:x.csv", null, new OutcomeSource.File("x.csv", 7));
        return List.of(
                new PersonOutcome.Error(kafka, null, ErrorCode.MALFORMED_REQUEST, "not JSON", "{\"a\":\n\"\u0001ø"),
                new PersonOutcome.Error(file, "12345678901", ErrorCode.INVALID_ID, "check digits do not match", null),
                new PersonOutcome.Error(kafka, "20914695016", ErrorCode.KRR_REJECTED, "KRR rejected the batch", null),
                new PersonOutcome.Error(file, "=1+2", ErrorCode.PROCESSING_FAILED, null, null),
                new PersonOutcome.Error(kafka, null, ErrorCode.MALFORMED_REQUEST, "too many ids", "{\"personident",
                        1_234_567));
    }
}
