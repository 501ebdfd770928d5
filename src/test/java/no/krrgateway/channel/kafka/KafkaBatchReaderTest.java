// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.PersonOutcome;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The reader's part in counting possible duplicates: outcomes of records below an inherited in-flight mark. */
class KafkaBatchReaderTest {

    private static final String TOPIC = "requests";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    private final CamelContext camel = new DefaultCamelContext();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PossibleDuplicates duplicates = new PossibleDuplicates(registry);
    private final InFlightMarker marker = new InFlightMarker(duplicates);
    private final KafkaBatchReader reader = new KafkaBatchReader(new LookupRequestParser(new ObjectMapper()),
            InputLimits.DEFAULTS, 4000, new PoisonRecords(3), new SuspectRecords(null), duplicates, marker);
    private final MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final List<Exchange> records = new ArrayList<>();

    private void record(TopicPartition partition, long offset, String value) {
        Exchange record = new DefaultExchange(camel);
        record.getMessage().setHeader(KafkaConstants.TOPIC, partition.topic());
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition.partition());
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new DefaultKafkaManualSyncCommit(
                new KafkaManualCommitFactory.CamelExchangePayload(record, consumer, "t", null),
                new KafkaManualCommitFactory.KafkaRecordPayload(partition, offset, 5000), null));
        record.getMessage().setBody(value);
        records.add(record);
    }

    private Exchange read() {
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(records);
        reader.read(batch);
        return batch;
    }

    /** The work of the batch as the route's split sees it, slice by slice. */
    private List<LookupWork> slices(KafkaBatchReader reader) {
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(records);
        List<LookupWork> slices = new ArrayList<>();
        reader.read(batch).forEachRemaining(slices::add);
        return slices;
    }

    @Test
    void read_consumerOrgs_listedAndDefaultLookedUpForTheirOrgOthersRefusedPerId() {
        var tenants = new KafkaBatchReader(new LookupRequestParser(new ObjectMapper()), InputLimits.DEFAULTS, 4000,
                new PoisonRecords(3), new SuspectRecords(null), duplicates, marker,
                new no.krrgateway.maskinporten.ConsumerOrgs("910000000", List.of("910000001")));
        consumer.assign(List.of(P0));
        record(P0, 1, "{\"consumerOrg\":\"910000001\",\"personidentifikatorer\":[\"20914695016\"]}");
        record(P0, 2, "{\"consumerOrg\":\"910000000\",\"personidentifikatorer\":[\"23079421936\"]}");
        record(P0, 3, "{\"personidentifikatorer\":[\"23079421936\"]}");
        record(P0, 4, "{\"consumerOrg\":\"999999999\",\"personidentifikatorer\":[\"20914695016\",\"1\"]}");
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(records);

        var work = tenants.read(batch).next();

        assertThat(work.items()).extracting(no.krrgateway.lookup.LookupItem::consumerOrg)
                .containsExactly("910000001", null, null);
        assertThat(work.decided()).hasSize(2).allSatisfy(outcome -> assertThat(
                ((no.krrgateway.outcome.PersonOutcome.Error) outcome).code())
                .isEqualTo(no.krrgateway.outcome.ErrorCode.CONSUMER_ORG_REFUSED));
        assertThat(work.decided()).extracting(no.krrgateway.outcome.PersonOutcome::personId)
                .containsExactly("20914695016", "1");
    }

    @Test
    void read_recordsBelowAnInheritedMark_countTheirOutcomes() {
        consumer.assign(List.of(P0, P1));
        duplicates.assigned(Map.of(P0, new OffsetAndMetadata(10, InFlightMark.format(12)),
                P1, new OffsetAndMetadata(5)));
        record(P0, 10, "{\"requestId\":\"a\",\"personidentifikatorer\":[\"1\",\"2\",\"3\"]}"); // 3 outcomes
        record(P1, 5, "{\"requestId\":\"b\",\"personidentifikatorer\":[\"4\",\"5\"]}");     // no mark
        record(P0, 11, "{not json");                                                         // 1 error outcome
        record(P0, 12, "20914695016");                                                       // at the mark: new
        record(P2, 3, "23079421936");                                                        // not owned: skipped

        InFlightBatch inFlight = read().getProperty(KafkaBatchReader.IN_FLIGHT, InFlightBatch.class);

        assertThat(inFlight.possibleRepeats()).isEqualTo(4);
        assertThat(inFlight.marks()).containsOnly(
                Map.entry(P0, new OffsetAndMetadata(10, InFlightMark.format(13))),
                Map.entry(P1, new OffsetAndMetadata(5, InFlightMark.format(6))));
        assertThat(registry.get("gateway.duplicates.possible").counter().count()).as("counted when marked").isZero();

        marker.mark(inFlight);

        assertThat(registry.get("gateway.duplicates.possible").counter().count()).isEqualTo(4);
        assertThat(consumer.committed(Set.of(P0, P1))).isEqualTo(inFlight.marks());
        assertThat(duplicates.until(P0)).as("passed").isEqualTo(-1);
    }

    @Test
    void read_withoutInheritedMarks_countsNothing() {
        consumer.assign(List.of(P0));
        record(P0, 0, "20914695016");
        record(P0, 1, "23079421936");

        InFlightBatch inFlight = read().getProperty(KafkaBatchReader.IN_FLIGHT, InFlightBatch.class);

        assertThat(inFlight.possibleRepeats()).isZero();
        assertThat(inFlight.marks()).containsOnly(Map.entry(P0, new OffsetAndMetadata(0, InFlightMark.format(2))));
    }

    private final KafkaBatchReader small = new KafkaBatchReader(new LookupRequestParser(new ObjectMapper()),
            new InputLimits(100_000, 256, 64, 10, 8), 4, new PoisonRecords(3), new SuspectRecords(null), duplicates,
            marker);

    @Test
    void read_recordsLargerThanASlice_spreadOverSlicesOfAtMostTheLimit_inOrder() {
        consumer.assign(List.of(P0));
        record(P0, 0, "{\"requestId\":\"a\",\"personidentifikatorer\":[\"1\",\"2\",\"3\"]}");
        record(P0, 1, "{not json");
        record(P0, 2, "{\"requestId\":\"b\",\"personidentifikatorer\":[\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]}");

        List<LookupWork> slices = slices(small);

        assertThat(slices).extracting(work -> work.items().size() + work.decided().size()).containsExactly(4, 4, 2);
        assertThat(slices.stream().flatMap(work -> work.items().stream()).map(LookupItem::personId))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(slices.get(0).decided()).singleElement().satisfies(error ->
                assertThat(((PersonOutcome.Error) error).code()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
        assertThat(slices.get(2).items()).allSatisfy(item -> assertThat(item.context().requestId()).isEqualTo("b"));
    }

    @Test
    void read_correlationIdOverTheLimit_malformedWithoutIt_andThePayloadCutWithItsLength() {
        consumer.assign(List.of(P0));
        String value = "{\"requestId\":\"a\",\"personidentifikator\":\"20914695016\"}";
        record(P0, 7, value);
        records.get(0).getMessage().setHeader("correlation-id", "c".repeat(11).getBytes(StandardCharsets.UTF_8));
        record(P0, 8, value);
        records.get(1).getMessage().setHeader("correlation-id", "c".repeat(10).getBytes(StandardCharsets.UTF_8));

        List<LookupWork> slices = slices(small);

        PersonOutcome.Error error = (PersonOutcome.Error) slices.get(0).decided().get(0);
        assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        assertThat(error.message()).contains("gateway.limits.max-correlation-id-length");
        assertThat(error.context().correlationId()).isNull();
        assertThat(error.context().requestId()).isEqualTo("a");
        assertThat(error.payload()).isEqualTo(value.substring(0, 8));
        assertThat(error.payloadLength()).isEqualTo(value.length());
        assertThat(slices.get(0).items()).singleElement()
                .satisfies(item -> assertThat(item.context().correlationId()).isEqualTo("c".repeat(10)));
    }
}
