// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.tenant.Tenants;
import no.krrgateway.tenant.Tenants.TenantProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A batch read turns owned records into slices of lookup work, records that kept failing alone and first. */
class KafkaBatchTest {

    private static final String TOPIC = "requests";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final InputLimits LIMITS = new InputLimits(100_000, 256, 64, 1024, 1024, 4000, 100_000);

    private final CamelContext camel = new DefaultCamelContext();
    private final PoisonRecords poison = new PoisonRecords(3);
    private final KafkaDelivery reader = reader(new RequestRecords(LIMITS,
            new Tenants(null, TOPIC, Map.of())), 4000, poison);

    /** Only reading: no producer, nothing published or committed. */
    private static KafkaDelivery reader(RequestRecords requests, int idsPerSlice, PoisonRecords poison) {
        return new KafkaDelivery(new KafkaDelivery.Setup(
                new BatchLimit(2000, Duration.ofMinutes(5), System::nanoTime),
                requests, idsPerSlice, poison, null, Clock.systemUTC(), Duration.ofMinutes(5),
                null), null);
    }
    private final List<Exchange> records = new ArrayList<>();

    /** A record as the batching consumer hands it over, without its commit handle. */
    static Exchange kafkaRecord(CamelContext camel, TopicPartition partition, long offset, String value) {
        Exchange record = new DefaultExchange(camel);
        record.getMessage().setHeader(KafkaConstants.TOPIC, partition.topic());
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition.partition());
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        record.getMessage().setBody(value);
        return record;
    }

    /** Without a commit handle ownership is not checked (that is {@link OwnedRecordsTest}'s). */
    private void record(TopicPartition partition, long offset, String value) {
        records.add(kafkaRecord(camel, partition, offset, value));
    }

    /** The records so far as one batch exchange, as the batching consumer hands them over. */
    private Exchange batch() {
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(records);
        return batch;
    }

    private Exchange read() {
        Exchange batch = batch();
        reader.read(batch);
        return batch;
    }

    /** The work of the batch as the route's split sees it, slice by slice. */
    private List<LookupWork> slices(KafkaDelivery reader) {
        List<LookupWork> slices = new ArrayList<>();
        reader.read(batch()).forEachRemaining(slices::add);
        return slices;
    }

    @Test
    void read_tenants_recordsActForTheirTopicsTenantOrTheOrgTheyNameIfTheTopicIsItsOthersRefusedPerId() {
        TopicPartition tenantA = new TopicPartition("tenant-a", 0);
        var reader = reader(new RequestRecords(LIMITS,
                new Tenants("910000000", TOPIC, Map.of(
                        "910000001", new TenantProperties.Tenant(List.of(), List.of("tenant-a")),
                        "910000002", new TenantProperties.Tenant(List.of(), List.of("tenant-b"))))), 4000,
                new PoisonRecords(3));
        record(P0, 1, "{\"consumerOrg\":\"910000000\",\"personidentifikatorer\":[\"23079421936\"]}");
        record(P0, 2, "{\"personidentifikatorer\":[\"23079421936\"]}");
        record(tenantA, 3, "{\"personidentifikatorer\":[\"20914695016\"]}");
        record(tenantA, 4, "{\"consumerOrg\":\"910000001\",\"personidentifikatorer\":[\"20914695016\"]}");
        // refused: a tenant named on the own org's topic, another tenant or the own org named on a tenant's topic,
        // an org that is no tenant
        record(P0, 5, "{\"consumerOrg\":\"910000001\",\"personidentifikatorer\":[\"15507600333\"]}");
        record(tenantA, 6, "{\"consumerOrg\":\"910000002\",\"personidentifikatorer\":[\"01819010001\"]}");
        record(tenantA, 7, "{\"consumerOrg\":\"910000000\",\"personidentifikatorer\":[\"02859110021\"]}");
        record(P0, 8, "{\"consumerOrg\":\"999999999\",\"personidentifikatorer\":[\"03879210061\",\"1\"]}");
        var work = reader.read(batch()).next();

        assertThat(work.items()).extracting(LookupItem::consumerOrg)
                .containsExactly(null, null, "910000001", "910000001");
        assertThat(work.decided()).hasSize(5).allSatisfy(outcome -> assertThat(
                ((no.krrgateway.outcome.PersonOutcome.Error) outcome).code())
                .isEqualTo(no.krrgateway.outcome.ErrorCode.CONSUMER_ORG_REFUSED));
        assertThat(work.decided()).extracting(no.krrgateway.outcome.PersonOutcome::personId)
                .containsExactly("15507600333", "01819010001", "02859110021", "03879210061", "1");
    }

    @Test
    void read_recordThatKeptFailing_processedAloneFirstInSlicesOfItsOwn() {
        record(P0, 0, "20914695016");
        record(P0, 1, "23079421936");
        String key = TOPIC + "-0-1";
        poison.failed(List.of(key), new IllegalStateException("boom"));
        poison.failed(List.of(key), new IllegalStateException("boom"));
        poison.failed(List.of(key), new IllegalStateException("boom"));
        Exchange batch = batch();
        Iterator<LookupWork> slices = reader.read(batch);
        KafkaBatch read = batch.getProperty(KafkaBatch.PROPERTY, KafkaBatch.class);

        assertThat(slices.next().items()).extracting(LookupItem::personId).containsExactly("23079421936");
        assertThat(read.alone().key()).isEqualTo(key);
        assertThat(read.alone().failures()).isEqualTo(3);
        assertLastSlice(slices, read, "20914695016");
    }

    /** Exactly-once condemns a record whose outcomes failed alone: the aborted batch's next try answers it at once. */
    @Test
    void read_condemnedRecords_answeredProcessingFailedWithoutALookup_thenTheOthers() {
        record(P0, 0, "{\"requestId\":\"a\",\"personidentifikatorer\":[\"20914695016\",\"1\"]}");
        records.get(0).getMessage().setHeader("correlation-id", "c".getBytes(StandardCharsets.UTF_8));
        record(P0, 1, "not a request at all");
        record(P0, 2, "23079421936");
        for (String key : List.of(TOPIC + "-0-0", TOPIC + "-0-1")) {
            for (int i = 0; i < 3; i++) {
                poison.failed(List.of(key), new IllegalStateException("boom"));
            }
            poison.condemned.put(key, "why");
        }
        List<LookupWork> slices = slices(reader);

        assertThat(slices).hasSize(3);
        assertThat(slices.subList(0, 2)).allSatisfy(slice -> assertThat(slice.items()).isEmpty());
        assertThat(slices.get(0).decided()).extracting(PersonOutcome::personId).containsExactly("20914695016", "1");
        assertThat(slices.get(1).decided()).extracting(PersonOutcome::personId).containsExactly((String) null);
        assertThat(slices.subList(0, 2)).flatExtracting(LookupWork::decided).allSatisfy(outcome -> {
            assertThat(((PersonOutcome.Error) outcome).code()).isEqualTo(ErrorCode.PROCESSING_FAILED);
            assertThat(((PersonOutcome.Error) outcome).message()).isEqualTo("why");
            assertThat(outcome.context().correlationId()).isNull();
        });
        assertThat(slices.get(2).items()).extracting(LookupItem::personId).containsExactly("23079421936");
    }

    @Test
    void recordAloneFailingAgain_thatSliceAndTheRestOfTheRecordProcessingFailed_thenTheOtherRecords() {
        record(P0, 0, "{\"requestId\":\"a\",\"personidentifikatorer\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\"]}");
        records.get(0).getMessage().setHeader("correlation-id", "c".getBytes(StandardCharsets.UTF_8));
        record(P0, 1, "{\"requestId\":\"b\",\"personidentifikatorer\":[\"8\"]}");
        for (int i = 0; i < 3; i++) {
            poison.failed(List.of(TOPIC + "-0-0"), new IllegalStateException("boom"));
        }
        var producer = new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
        var mapper = new ObjectMapper();
        var topics = new KafkaChannelProperties.Topics(TOPIC, "res", "not", "err", "done", "evidence");
        var delivery = new KafkaDelivery(new KafkaDelivery.Setup(
                new BatchLimit(2000, Duration.ofMinutes(5), System::nanoTime),
                new RequestRecords(LIMITS,
                        new Tenants(null, TOPIC, Map.of())),
                3, poison, new KafkaOutcomeRecords(new OutcomeJson(mapper), mapper, topics),
                Clock.systemUTC(),
                Duration.ofMinutes(5), new no.krrgateway.audit.AuditTrail(Clock.systemUTC(), new ObjectMapper(), null,
                        new no.krrgateway.audit.AuditTrail.AuditProperties(false, null))),
                new KafkaRecordSender(() -> producer, () -> Duration.ofMinutes(1)));
        Exchange exchange = batch();
        Iterator<LookupWork> slices = delivery.read(exchange);
        KafkaBatch batch = exchange.getProperty(KafkaBatch.PROPERTY, KafkaBatch.class);
        slices.next(); // ids 1-3: looked up and delivered
        slices.next(); // ids 4-6: fail

        delivery.deliverFailed(batch, new IllegalStateException("boom"));

        assertThat(producer.history()).extracting(record -> new String(record.key()))
                .containsExactly("4", "5", "6", "7");
        assertThat(producer.history()).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo("err");
            assertThat(new String(record.value())).contains("PROCESSING_FAILED", "\"requestId\":\"a\"")
                    .doesNotContain("correlationId");
        });
        assertThat(batch.tally().completions()).singleElement()
                .satisfies(completion -> assertThat(completion.context().correlationId()).isNull());
        assertLastSlice(slices, batch, "8");
    }

    /** The next slice is the batch's last, of these ids, and no record is processed alone any more. */
    private static void assertLastSlice(Iterator<LookupWork> slices, KafkaBatch batch, String... ids) {
        assertThat(slices.next().items()).extracting(LookupItem::personId).containsExactly(ids);
        assertThat(batch.alone()).isNull();
        assertThat(slices.hasNext()).isFalse();
    }

    @Test
    void read_offsetsLeftForTheCommitStep() {
        record(P0, 0, "20914695016");

        assertThat(read().getProperty(KafkaBatch.PROPERTY, KafkaBatch.class).owned.committed()).containsOnlyKeys(P0);
    }

    private final KafkaDelivery small = reader(new RequestRecords(
            new InputLimits(100_000, 256, 64, 10, 8, 4000, 100_000), new Tenants(null, TOPIC, Map.of())), 4,
            new PoisonRecords(3));

    @Test
    void read_recordsLargerThanASlice_spreadOverSlicesOfAtMostTheLimit_inOrder() {
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
