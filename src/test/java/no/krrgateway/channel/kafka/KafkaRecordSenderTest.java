// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    private final KafkaRecordSender sender = new KafkaRecordSender(() -> producer, () -> Duration.ofMinutes(1));
    private final KafkaRecordSender.Pending batch = new KafkaRecordSender.Pending();

    @Test
    void withinBatch_sliceSentWithoutWaiting_acknowledgedWaitsForEveryRecord() {

        // Without acknowledgements from the broker, both slices are still handed to the producer.
        sender.send(batch, records("a", "b"));
        sender.send(batch, records("c"));
        assertThat(producer.history()).hasSize(3);

        producer.completeNext();
        producer.completeNext();
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Thread waiting = waitingThread(() -> sender.await(batch), acknowledged);
        // parked in the wait for the third acknowledgement
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
        assertThat(acknowledged).isNotDone();
        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(acknowledged::isDone);
        assertThat(acknowledged).isCompleted();
    }

    @Test
    void withinBatch_failedRecord_failsTheWaitAndEveryLaterSend() {
        sender.send(batch, records("a", "b"));
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("too large"));

        assertThatThrownBy(() -> sender.await(batch)).isInstanceOf(RecordTooLargeException.class);
        assertThatThrownBy(() -> sender.send(batch, records("c"))).isInstanceOf(RecordTooLargeException.class);
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void withinBatch_sendThatThrows_notWaitedFor() {
        sender.send(batch, records("a"));
        producer.sendException = new IllegalStateException("producer closed");
        assertThatThrownBy(() -> sender.send(batch, records("b"))).isInstanceOf(IllegalStateException.class);
        producer.completeNext();

        CompletableFuture<Void> acknowledged = CompletableFuture.runAsync(() -> sender.await(batch));
        await().atMost(Duration.ofSeconds(10)).until(acknowledged::isDone);
        assertThat(acknowledged).isCompleted();
    }

    @Test
    void outsideBatch_sendWaitsForEveryAcknowledgement() {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Thread sending = waitingThread(() -> sender.sendAndWait(records("a", "b")), sent);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        producer.completeNext();
        // parked in the wait for the second acknowledgement
        await().atMost(Duration.ofSeconds(10)).until(() -> sending.getState() == Thread.State.TIMED_WAITING);
        assertThat(sent).isNotDone();
        producer.errorNext(new RecordTooLargeException("too large"));

        await().atMost(Duration.ofSeconds(10)).until(sent::isDone);
        assertThat(sent).isCompletedExceptionally();
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

    private static List<ProducerRecord<byte[], byte[]>> records(String... values) {
        return java.util.Arrays.stream(values)
                .map(value -> new ProducerRecord<byte[], byte[]>("results", value.getBytes()))
                .toList();
    }
}
