// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Period;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import no.krrgateway.channel.kafka.CompletionTally;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.lookup.LookupPlan;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.metrics.LookupMetrics;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TreeOutcomeJson;
import no.krrgateway.verdict.Section32Rule;
import no.krrgateway.verdict.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-id work of a lookup, one id per operation (so ns/op = ns per id): the id check, the §32 verdict on a KRR
 * person with both channels (dates parsed from KRR's strings, as in production), and the result's JSON bytes (what a
 * Kafka record carries). The {@code ...Tree} benchmarks do the same the way the gateway did before issue 15 (a JSON
 * tree per KRR answer and per outcome), so that the gain is a ratio measured in the same run. {@link #bookkeeping}
 * is what the route does per outcome besides writing it: metrics and the Kafka completion counts (the audit events').
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HotPathBenchmark {

    static final String KRR_PERSON = """
            {"personidentifikator":"%s","reservasjon":"NEI","status":"AKTIV","varslingsstatus":"KAN_VARSLES",
             "kontaktinformasjon":{"epostadresse":"ola.nordmann17@simulert.example",
              "epostadresse_oppdatert":"2026-03-02T10:15:30.123+01:00",
              "epostadresse_sist_verifisert":"2026-05-11T08:00:00Z",
              "mobiltelefonnummer":"+4799999999","mobiltelefonnummer_oppdatert":"2024-01-02T10:00:00+0100",
              "mobiltelefonnummer_sist_verifisert":"2024-01-02T10:00:00+01"},
             "digital_post":{"postkasseadresse":"ola.nordmann#1ABC","postkasseleverandoeradresse":"984661185"},
             "spraak":"nb","spraak_oppdatert":"2025-06-01T12:00:00Z"}""";

    private final PersonIdValidator validator = new PersonIdValidator(true);
    private final Section32Rule rule = new Section32Rule(Clock.systemUTC(), Period.ofMonths(18));
    private final LookupPlan.Planner planner = new LookupPlan.Planner(validator, 1000, rule);
    private final ObjectMapper mapper = new ObjectMapper();
    private final OutcomeJson json = new OutcomeJson(mapper);
    private final TreeOutcomeJson treeJson = new TreeOutcomeJson(mapper);
    private final String[] ids = TestIds.valid(4, 7).toArray(String[]::new);
    private KrrPerson person;
    private ObjectNode personTree;
    private PersonOutcome.Result result;
    private byte[] krrAnswer;
    private int next;
    private final LookupMetrics metrics = new LookupMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    private List<PersonOutcome> batch;
    private LookupWork batchWork;

    @Setup
    public void setUp() throws Exception {
        personTree = (ObjectNode) mapper.readTree(KRR_PERSON.formatted(ids[0]));
        person = KrrPerson.of(personTree);
        RequestContext context = new RequestContext("r-17", "corr-17",
                new OutcomeSource.Kafka("krr.lookup.requests", 3, 123456));
        result = new PersonOutcome.Result(context, ids[0], rule.evaluate(person), person, null);
        StringBuilder answer = new StringBuilder("{\"personer\":[");
        for (String id : TestIds.valid(ANSWER_PERSONS, 9)) {
            answer.append(answer.length() > 13 ? "," : "").append(KRR_PERSON.formatted(id));
        }
        krrAnswer = answer.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        batch = new ArrayList<>(BATCH);
        List<LookupItem> items = new ArrayList<>(BATCH);
        List<String> batchIds = TestIds.valid(BATCH, 11);
        KrrPerson notRegistered = KrrPerson.notRegistered(ids[1]);
        Verdict notRegisteredVerdict = rule.evaluate(notRegistered);
        for (int i = 0; i < BATCH; i++) {
            // As scenario b: request records of IDS_PER_REQUEST ids, one context each; mostly results, some errors
            RequestContext request = i % IDS_PER_REQUEST == 0 ? new RequestContext("r-" + i, "corr-" + i,
                    new OutcomeSource.Kafka("krr.lookup.requests", 3, 1000 + i)) : batch.get(i - 1).context();
            String id = batchIds.get(i);
            items.add(new LookupItem(id, request));
            batch.add(i % 50 == 7 ? new PersonOutcome.Error(request, id, ErrorCode.INVALID_ID, "not 11 digits", null)
                    : i % 5 == 3 ? new PersonOutcome.Result(request, id, notRegisteredVerdict, notRegistered, null)
                    : new PersonOutcome.Result(request, id, result.verdict(), person, null));
        }
        batchWork = new LookupWork(items, List.of());
    }

    static final int ANSWER_PERSONS = 100;
    static final int BATCH = 1000;
    static final int IDS_PER_REQUEST = 10;

    @Benchmark
    public boolean validation() {
        next = (next + 1) & 3;
        return validator.problem(ids[next]).isEmpty();
    }

    @Benchmark
    public Verdict section32Verdict() {
        return rule.evaluate(person);
    }

    @Benchmark
    public byte[] resultJson() {
        return json.toBytes(List.of(result)).get(0);
    }

    @Benchmark
    public byte[] resultJsonTree() {
        return treeJson.toBytes(result, personTree);
    }

    /** Reading KRR's answer, per person: fields picked out while streaming, each person's JSON kept as bytes. */
    @Benchmark
    @OperationsPerInvocation(ANSWER_PERSONS)
    public Map<String, KrrPerson> krrAnswer() throws Exception {
        return KrrAnswer.persons(mapper, krrAnswer, id -> true);
    }

    /** As before issue 15: KRR's answer read into a JSON tree, each person a subtree. */
    @Benchmark
    @OperationsPerInvocation(ANSWER_PERSONS)
    public Map<String, JsonNode> krrAnswerTree() throws Exception {
        Map<String, JsonNode> persons = new HashMap<>();
        for (JsonNode person : mapper.readTree(krrAnswer).get("personer")) {
            persons.put(person.get("personidentifikator").asText(), person);
        }
        return persons;
    }

    /**
     * Per outcome, what the route counts besides writing it, for a Kafka batch of {@value #BATCH} outcomes: outcome
     * metrics, and the completion records' counts (the audit events' too).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public CompletionTally bookkeeping() {
        metrics.answered(batch);
        CompletionTally completions = new CompletionTally(Instant.EPOCH);
        completions.add(batch);
        return completions;
    }

    /** A b-like batch's outcomes as JSON, per outcome, one {@code toBytes} call each. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batchJsonEach() {
        int size = 0;
        for (PersonOutcome outcome : batch) {
            size += json.toBytes(List.of(outcome)).get(0).length;
        }
        return size;
    }

    /** As {@link #batchJsonEach}, the batch written by one generator. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<byte[]> batchJson() {
        return json.toBytes(batch);
    }

    /** Planning a lookup of {@value #BATCH} ids, per id: each id validated, the unique ones put in KRR calls. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public LookupPlan lookupPlan() {
        return planner.plan(batchWork);
    }

    /** The three together, as the engine and the publisher do them for one found person. */
    @Benchmark
    public byte[] perIdTotal() {
        next = (next + 1) & 3;
        validator.problem(ids[next]);
        Verdict verdict = rule.evaluate(person);
        var outcome = new PersonOutcome.Result(result.context(), ids[next], verdict, person, null);
        return json.toBytes(List.of(outcome)).get(0);
    }

    /** {@link #perIdTotal} with the tree-based outcome writer that it replaced. */
    @Benchmark
    public byte[] perIdTotalTree() {
        next = (next + 1) & 3;
        validator.problem(ids[next]);
        Verdict verdict = rule.evaluate(person);
        return treeJson.toBytes(new PersonOutcome.Result(result.context(), ids[next], verdict, person, null),
                personTree);
    }
}
