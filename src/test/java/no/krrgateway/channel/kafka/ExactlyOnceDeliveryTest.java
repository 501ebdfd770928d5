// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ExactlyOnceDeliveryTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final KafkaDelivery.Setup setup = new KafkaDelivery.Setup(null, null, 1, new PoisonRecords(3),
            new KafkaOutcomeRecords(null, new ObjectMapper(), new KafkaChannelProperties.Topics("req", "res", "not",
                    "err", "done", "evidence")), Clock.fixed(Instant.parse("2026-11-27T01:00:00Z"), ZoneOffset.UTC),
            java.time.Duration.ofMinutes(1), new no.krrgateway.audit.AuditTrail(Clock.systemUTC(), new ObjectMapper(), null,
                        new no.krrgateway.audit.AuditTrail.AuditProperties(false, null)));
    private final ExactlyOnceDelivery delivery = new ExactlyOnceDelivery(setup,
            new KafkaRecordSender(() -> null, () -> java.time.Duration.ofMinutes(1)), id -> {
        ids.add(id);
        var producer = new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
        producers.add(producer);
        return producer;
    }, "group-instance", 2, java.time.Duration.ofMinutes(1));
    private final MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final TopicPartition partition = new TopicPartition("req", 0);

    @Test
    void batch_outcomesCompletionsAndOffsetsInOneCommittedTransaction() {
        Exchange batch = batch(41, 30);
        publish(batch, 7);
        delivery.commit(read(batch));
        done(batch);

        MockProducer<byte[], byte[]> producer = producers.get(0);
        assertThat(ids).containsExactly("group-instance-0");
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history()).extracting(r -> r.topic()).containsExactly("res", "done");
        assertThat(new String(producer.history().get(1).key())).isEqualTo("req-7");
        assertThat(new String(producer.history().get(1).value())).contains("\"ids\":1");
        assertThat(producer.consumerGroupOffsetsHistory()).singleElement()
                .satisfies(offsets -> assertThat(offsets.values().iterator().next())
                        .isEqualTo(Map.of(partition, new OffsetAndMetadata(42))));
    }

    @Test
    void failedBatch_abortedNothingCommittedProducerReused() {
        Exchange batch = batch();
        publish(batch, 7);
        batch.setException(new IllegalStateException("lookup failed"));
        done(batch);

        MockProducer<byte[], byte[]> producer = producers.get(0);
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEmpty();
        assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();

        Exchange again = batch(7, 7);
        publish(again, 7);
        delivery.commit(read(again));
        done(again);
        assertThat(producer.closed()).as("an aborted transaction keeps its producer").isFalse();
        assertThat(producers.get(producers.size() - 1).transactionCommitted()).isTrue();
    }

    @Test
    void fencedProducer_commitFailsAndTheNextBatchGetsANewProducerWithTheSameId() {
        Exchange batch = batch(7, 7);
        publish(batch, 7);
        producers.get(0).fenceProducer();
        assertThatThrownBy(() -> delivery.commit(read(batch))).isInstanceOf(KafkaException.class);
        batch.setException(new ProducerFencedException("fenced"));
        done(batch);
        assertThat(producers.get(0).closed()).as("a producer that cannot abort is closed").isTrue();
        // made again at once, with the same id, so that its initialisation ends what is left open before the
        // consumer reads its offsets again; the other producer, not made yet, with it
        assertThat(ids).containsExactly("group-instance-0", "group-instance-0", "group-instance-1");

        Exchange other = batch(); // the other consumer thread's producer
        Exchange again = batch();
        publish(other, 8);
        publish(again, 9);
        assertThat(ids).as("no producer made for the next batches").hasSize(3);
        assertThat(producers.get(2).closed()).isFalse();
        done(other);
        done(again);
    }

    @Test
    void transaction_begunAtTheBatchsFirstWriteNotWhenItIsRead() {
        Exchange batch = batch();
        assertThat(producers).as("no producer, no transaction while the batch is read and looked up").isEmpty();
        publish(batch, 7);
        assertThat(producers.get(0).transactionInFlight()).isTrue();
        batch.setException(new IllegalStateException("lookup failed"));
        done(batch);
        assertThat(producers.get(0).transactionAborted()).isTrue();

        Exchange unwritten = batch();
        unwritten.setException(new IllegalStateException("lookup failed"));
        done(unwritten);
        assertThat(producers).as("a batch failing before its first write aborts nothing").hasSize(1);
    }

    @Test
    void moreBatchesThanConsumerThreads_refused() {
        batch();
        batch();
        assertThatThrownBy(this::batch).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no producer free");
    }

    private Exchange batch() {
        return batch(7, 7);
    }

    /** A batch as route intake-kafka reads it, of one partition from {@code firstOffset} to {@code lastOffset}. */
    private Exchange batch(long lastOffset, long firstOffset) {
        Exchange exchange = new DefaultExchange(camel);
        KafkaBatch batch = new KafkaBatch(new OwnedRecords(List.of(record(firstOffset), record(lastOffset)),
                handle(lastOffset)), setup);
        exchange.setProperty(KafkaBatch.PROPERTY, batch);
        delivery.begin(batch, exchange);
        return exchange;
    }

    private static KafkaBatch read(Exchange exchange) {
        return exchange.getProperty(KafkaBatch.PROPERTY, KafkaBatch.class);
    }

    private void publish(Exchange batch, long offset) {
        var context = new RequestContext("req-" + offset, null, new OutcomeSource.Kafka("req", 0, offset));
        List<PersonOutcome> outcomes = List.of(new PersonOutcome.Error(context, "123", ErrorCode.INVALID_ID, "no",
                null));
        var record = new ProducerRecord<>("res", "123".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        delivery.send(read(batch), List.of(record), false);
        read(batch).tally().add(outcomes);
    }

    private OwnedRecords.Record record(long offset) {
        return new OwnedRecords.Record(new DefaultExchange(camel).getMessage(),
                new OutcomeSource.Kafka(partition.topic(), partition.partition(), offset));
    }

    private DefaultKafkaManualSyncCommit handle(long lastOffset) {
        Exchange record = new DefaultExchange(camel);
        return new DefaultKafkaManualSyncCommit(
                new KafkaManualCommitFactory.CamelExchangePayload(record, consumer, "t", null),
                new KafkaManualCommitFactory.KafkaRecordPayload(partition, lastOffset, 5000), null);
    }

    private static void done(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(s -> {
            if (exchange.getException() == null) {
                s.onComplete(exchange);
            } else {
                s.onFailure(exchange);
            }
        });
    }
}
