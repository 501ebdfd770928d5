// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The at-least-once sender, on kafka-clients' MockProducer, whose acknowledgements the test gives one by one. */
@Timeout(60)
class KafkaRecordSenderTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, new ByteArraySerializer(), new ByteArraySerializer());
    private final KafkaRecordSender sender = new KafkaRecordSender(() -> producer);
    private final Exchange batch = new DefaultExchange(new DefaultCamelContext());

    @Test
    void withinBatch_sliceSentWithoutWaiting_acknowledgedWaitsForEveryRecord() {
        sender.begin(batch);

        // Without acknowledgements from the broker, both slices are still handed to the producer.
        sender.send(pending(), records("a", "b"));
        sender.send(pending(), records("c"));
        assertThat(producer.history()).hasSize(3);

        producer.completeNext();
        producer.completeNext();
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Thread waiting = waitingThread(() -> sender.acknowledged(pending()), acknowledged);
        // parked in the wait for the third acknowledgement
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getState() == Thread.State.WAITING);
        assertThat(acknowledged).isNotDone();
        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(acknowledged::isDone);
        assertThat(acknowledged).isCompleted();
    }

    @Test
    void withinBatch_failedRecord_failsTheWaitAndEveryLaterSend() {
        sender.begin(batch);
        sender.send(pending(), records("a", "b"));
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("too large"));

        assertThatThrownBy(() -> sender.acknowledged(pending())).isInstanceOf(RecordTooLargeException.class);
        assertThatThrownBy(() -> sender.send(pending(), records("c"))).isInstanceOf(RecordTooLargeException.class);
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void withinBatch_sendThatThrows_notWaitedFor() {
        sender.begin(batch);
        sender.send(pending(), records("a"));
        producer.sendException = new IllegalStateException("producer closed");
        assertThatThrownBy(() -> sender.send(pending(), records("b"))).isInstanceOf(IllegalStateException.class);
        producer.completeNext();

        CompletableFuture<Void> acknowledged = CompletableFuture.runAsync(() -> sender.acknowledged(pending()));
        await().atMost(Duration.ofSeconds(10)).until(acknowledged::isDone);
        assertThat(acknowledged).isCompleted();
    }

    @Test
    void outsideBatch_sendWaitsForEveryAcknowledgement() {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Thread sending = waitingThread(() -> sender.send(null, records("a", "b")), sent);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        producer.completeNext();
        // parked in the wait for the second acknowledgement
        await().atMost(Duration.ofSeconds(10)).until(() -> sending.getState() == Thread.State.WAITING);
        assertThat(sent).isNotDone();
        producer.errorNext(new RecordTooLargeException("too large"));

        await().atMost(Duration.ofSeconds(10)).until(sent::isDone);
        assertThat(sent).isCompletedExceptionally();
    }

    @Test
    void acknowledged_withoutBatch_refused() {
        assertThatThrownBy(() -> sender.acknowledged(null)).isInstanceOf(IllegalStateException.class);
    }

    /** Runs the step on a thread of its own, whose state shows when it waits; the future ends as the step does. */
    private static Thread waitingThread(Runnable step, CompletableFuture<Void> done) {
        Thread thread = new Thread(() -> {
            try {
                step.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "waiting-for-acks");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private PendingSends pending() {
        return batch.getProperty(KafkaRecordSender.PENDING, PendingSends.class);
    }

    private static List<ProducerRecord<byte[], byte[]>> records(String... values) {
        return java.util.Arrays.stream(values)
                .map(value -> new ProducerRecord<byte[], byte[]>("results", value.getBytes()))
                .toList();
    }
}
