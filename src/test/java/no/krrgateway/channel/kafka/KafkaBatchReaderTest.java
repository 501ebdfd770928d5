// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            new PoisonRecords(3), new SuspectRecords(null), duplicates, marker);
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

    @Test
    void read_consumerOrgs_listedAndDefaultLookedUpForTheirOrgOthersRefusedPerId() {
        var tenants = new KafkaBatchReader(new LookupRequestParser(new ObjectMapper()), new PoisonRecords(3),
                new SuspectRecords(null), duplicates, marker,
                new no.krrgateway.maskinporten.ConsumerOrgs("910000000", List.of("910000001")));
        consumer.assign(List.of(P0));
        record(P0, 1, "{\"consumerOrg\":\"910000001\",\"personidentifikatorer\":[\"20914695016\"]}");
        record(P0, 2, "{\"consumerOrg\":\"910000000\",\"personidentifikatorer\":[\"23079421936\"]}");
        record(P0, 3, "{\"personidentifikatorer\":[\"23079421936\"]}");
        record(P0, 4, "{\"consumerOrg\":\"999999999\",\"personidentifikatorer\":[\"20914695016\",\"1\"]}");
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(records);

        var work = tenants.read(batch);

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
}
