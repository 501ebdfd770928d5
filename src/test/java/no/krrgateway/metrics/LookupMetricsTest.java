// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.verdict.Verdict;
import no.krrgateway.verdict.Verdict.VerdictReason;
import org.junit.jupiter.api.Test;

class LookupMetricsTest {

    private static final RequestContext KAFKA = new RequestContext("r-1", null,
            new OutcomeSource.Kafka("krr.lookup.requests", 0, 7));
    private static final RequestContext FILE = new RequestContext("f-1", null, new OutcomeSource.File("a.txt", 3));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LookupMetrics metrics = new LookupMetrics(registry);

    @Test
    void received_idsFromBothChannels_countedPerChannelAndPerLookup() {
        metrics.received(new LookupWork(List.of(new LookupItem("20914695016", KAFKA),
                new LookupItem("23079421936", KAFKA), new LookupItem("20914695016", FILE)), List.of()));

        assertThat(registry.get("gateway.ids.received").tag("channel", "kafka").counter().count()).isEqualTo(2);
        assertThat(registry.get("gateway.ids.received").tag("channel", "file").counter().count()).isEqualTo(1);
        assertThat(registry.get("gateway.lookup.ids").summary().totalAmount()).isEqualTo(3);
    }

    @Test
    void answered_resultsAndErrors_countedByResultCodeAndReasonWithoutIds() {
        Verdict reserved = new Verdict(false, List.of(VerdictReason.RESERVED, VerdictReason.NO_CONTACT_INFO),
                Optional.empty(), Optional.empty(), Instant.parse("2026-11-23T08:00:00Z"));
        metrics.answered(List.of(
                new PersonOutcome.Result(KAFKA, "23079421936", reserved, KrrPerson.notRegistered("23079421936"), null),
                new PersonOutcome.Error(KAFKA, "12345678901", ErrorCode.INVALID_ID, "check digits", null),
                new PersonOutcome.Error(FILE, null, ErrorCode.MALFORMED_REQUEST, "not a request", "x")));

        assertThat(registry.get("gateway.outcomes").tags("channel", "kafka", "result", "result", "code", "NONE",
                "notifiable", "false").counter().count()).isEqualTo(1);
        assertThat(registry.get("gateway.outcomes").tags("result", "error", "code", "INVALID_ID").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("gateway.outcomes").tags("channel", "file", "code", "MALFORMED_REQUEST").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("gateway.outcome.reasons").tag("reason", "RESERVED").counter().count()).isEqualTo(1);
        assertThat(registry.get("gateway.outcome.reasons").tag("reason", "NO_CONTACT_INFO").counter().count())
                .isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                .allSatisfy(tag -> assertThat(tag.getValue()).doesNotContainPattern("\\d{11}")));
    }

    @Test
    void answered_krrVarslingsstatusAgainstOurVerdict_countsOnlyDisagreements() throws Exception {
        Instant at = Instant.parse("2026-11-23T08:00:00Z");
        Verdict notifiable = new Verdict(true, List.of(), Optional.empty(), Optional.empty(), at);
        Verdict notNotifiable = new Verdict(false, List.of(VerdictReason.EMAIL_EXPIRED), Optional.empty(),
                Optional.empty(), at);
        metrics.answered(List.of(
                new PersonOutcome.Result(KAFKA, "20914695016", notNotifiable, krr("KAN_VARSLES"), null),
                new PersonOutcome.Result(KAFKA, "20914695016", notNotifiable, krr("KAN_VARSLES"), null),
                new PersonOutcome.Result(KAFKA, "20914695016", notifiable, krr("KAN_IKKE_VARSLES"), null),
                new PersonOutcome.Result(KAFKA, "20914695016", notifiable, krr("KAN_VARSLES"), null),
                new PersonOutcome.Result(KAFKA, "20914695016", notNotifiable, krr("KAN_IKKE_VARSLES"), null),
                new PersonOutcome.Result(KAFKA, "20914695016", notifiable, krr("20914695016"), null),
                new PersonOutcome.Result(KAFKA, "20914695016", notifiable, krr(null), null)));

        assertThat(registry.get("gateway.verdict.disagreements").tags("krr", "KAN_VARSLES", "ours", "false").counter()
                .count()).isEqualTo(2);
        assertThat(registry.get("gateway.verdict.disagreements").tags("krr", "KAN_IKKE_VARSLES", "ours", "true")
                .counter().count()).isEqualTo(1);
        assertThat(registry.find("gateway.verdict.disagreements").counters()).hasSize(2);
    }

    /** Counted per lookup and added once per counter: the sums per tag set are those of counting each outcome. */
    @Test
    void answered_manyOutcomesOfEachChannel_summedPerTagSet() {
        Instant at = Instant.parse("2026-11-23T08:00:00Z");
        Verdict notifiable = new Verdict(true, List.of(), Optional.empty(), Optional.empty(), at);
        Verdict expired = new Verdict(false, List.of(VerdictReason.EMAIL_EXPIRED, VerdictReason.MOBILE_EXPIRED),
                Optional.empty(), Optional.empty(), at);
        KrrPerson person = KrrPerson.notRegistered("20914695016");
        RequestContext api = new RequestContext("a-1", null, new OutcomeSource.Api());
        List<PersonOutcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            outcomes.add(new PersonOutcome.Result(KAFKA, "20914695016", notifiable, person, null));
            outcomes.add(new PersonOutcome.Result(FILE, "20914695016", expired, person, null));
            outcomes.add(new PersonOutcome.Error(api, "20914695016", ErrorCode.KRR_REJECTED, "rejected", null));
        }
        outcomes.add(new PersonOutcome.Result(KAFKA, "20914695016", expired, person, null));

        metrics.answered(outcomes);
        metrics.answered(outcomes.subList(0, 1));

        assertThat(registry.get("gateway.outcomes").tags("channel", "kafka", "result", "result", "notifiable", "true")
                .counter().count()).isEqualTo(4);
        assertThat(registry.get("gateway.outcomes").tags("channel", "kafka", "result", "result", "notifiable", "false")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("gateway.outcomes").tags("channel", "file", "notifiable", "false").counter().count())
                .isEqualTo(3);
        assertThat(registry.get("gateway.outcomes").tags("channel", "api", "result", "error", "code", "KRR_REJECTED")
                .counter().count()).isEqualTo(3);
        assertThat(registry.get("gateway.outcome.reasons").tags("channel", "file", "reason", "MOBILE_EXPIRED")
                .counter().count()).isEqualTo(3);
        assertThat(registry.get("gateway.outcome.reasons").tags("channel", "kafka", "reason", "EMAIL_EXPIRED")
                .counter().count()).isEqualTo(1);
        // only what was counted is registered
        assertThat(registry.find("gateway.outcomes").counters()).hasSize(4);
        assertThat(registry.find("gateway.outcome.reasons").counters()).hasSize(4);
    }

    private static KrrPerson krr(String varslingsstatus) throws Exception {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        node.put("personidentifikator", "20914695016");
        node.put("status", "AKTIV");
        if (varslingsstatus != null) {
            node.put("varslingsstatus", varslingsstatus);
        }
        return KrrPerson.of(node);
    }

    @Test
    void processed_doneOrErrorTarget_countedByOutcome() {
        metrics.processed(".done/ids.txt");
        metrics.processed(".done/more.csv");
        metrics.processed("/data/error/bad.json");

        assertThat(registry.get("gateway.files.processed").tag("outcome", "done").counter().count()).isEqualTo(2);
        assertThat(registry.get("gateway.files.processed").tag("outcome", "error").counter().count()).isEqualTo(1);
    }
}
