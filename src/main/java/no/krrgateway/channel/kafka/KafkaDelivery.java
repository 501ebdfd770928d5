// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route intake-kafka's steps, publishing with kafka-clients: camel-kafka's producer wants a Camel message per record
 * (most of the CPU per outcome) and cannot put offsets in a transaction. At least once, here: outcomes go unwaited
 * (the next slice's KRR calls overlap the acks), all acked before the completion records, they before the offsets.
 */
public class KafkaDelivery {

    private static final Logger log = LoggerFactory.getLogger(KafkaDelivery.class);
    static final String CORRELATION_HEADER = "correlation-id";

    public record Setup(BatchLimit limit, RequestRecords requests, int idsPerSlice, PoisonRecords poison,
                        KafkaOutcomeRecords records, Clock clock, Duration rebalanceWait, AuditTrail audit) {
    }

    protected final Setup setup;
    protected final KafkaRecordSender sender;

    public KafkaDelivery(Setup setup, KafkaRecordSender sender) {
        this.setup = setup;
        this.sender = sender;
    }

    public Iterator<LookupWork> read(Exchange exchange) {
        OwnedRecords owned = setup.limit().apply(exchange, OwnedRecords.of(exchange.getMessage().getBody(List.class)));
        KafkaOutcomeRecords.linkTraces(owned.records());
        setup.poison().watch(exchange, owned.records().stream().map(OwnedRecords.Record::key).toList());
        KafkaBatch batch = new KafkaBatch(owned, setup);
        exchange.setProperty(KafkaBatch.PROPERTY, batch);
        begin(batch, exchange);
        return batch;
    }

    /** Counted once sent, not before: a failed send is answered again, and would count an id twice. */
    public void deliver(List<PersonOutcome> outcomes, KafkaBatch batch) {
        send(batch, setup.records().evidenceRecords(outcomes), true);
        // a record processed alone must know whether its outcomes were published
        send(batch, setup.records().toRecords(outcomes), batch.alone() != null);
        batch.tally().add(outcomes);
        setup.audit().idHashes(outcomes);
    }

    /** Errors kept minimal (no correlation id, no payload) so they cannot fail the same way. */
    public void deliverFailed(KafkaBatch batch, Exception failure) {
        KafkaBatch.Alone record = batch.alone();
        log.error("Request record {} failed {} times, the last alone ({}); answering its ids with PROCESSING_FAILED",
                record.key(), record.failures() + 1, PoisonRecords.describe(failure));
        String message = "the request could not be processed (" + failure.getClass().getSimpleName()
                + ") after repeated attempts";
        answerFailed(batch, message, failure);
    }

    /** Exactly-once overrides: its transaction cannot go on after a failed send. */
    protected void answerFailed(KafkaBatch batch, String message, Exception failure) {
        for (LookupWork slice = batch.last; slice != null; slice = batch.nextOfRecord()) {
            deliver(Stream.concat(
                    slice.items().stream().map(item -> processingFailed(item.context(), item.personId(), message)),
                    slice.decided().stream().map(decided -> processingFailed(decided.context(), decided.personId(),
                            message))).toList(), batch);
        }
    }

    static PersonOutcome processingFailed(RequestContext context, String personId, String message) {
        return new PersonOutcome.Error(new RequestContext(context.requestId(), null, context.source()), personId,
                ErrorCode.PROCESSING_FAILED, message, null);
    }

    public void commit(KafkaBatch batch) {
        sender.await(batch.pending);
        sender.sendAndWait(completionRecords(batch));
        Consumer<?, ?> consumer = batch.owned.consumer();
        if (consumer == null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = batch.owned.offsets();
        Duration timeout = Duration.ofMillis(batch.owned.handle().getCommitTimeout());
        OwnedRecords.commit(consumer, setup.rebalanceWait(), offsets, () -> consumer.commitSync(offsets, timeout),
                going -> {
                    try {
                        consumer.commitSync(going, timeout);
                    } catch (KafkaException e) {
                        // its new owner does these records again
                        log.warn("Committing the batch's part of revoked partitions {} failed: {}", going.keySet(),
                                e.toString());
                    }
                });
    }

    protected void begin(KafkaBatch batch, Exchange exchange) {
    }

    void send(KafkaBatch batch, List<ProducerRecord<byte[], byte[]>> records, boolean wait) {
        if (wait) {
            sender.sendAndWait(records);
        } else {
            sender.send(batch.pending, records);
        }
    }

    protected List<ProducerRecord<byte[], byte[]>> completionRecords(KafkaBatch batch) {
        return setup.records().completionRecords(batch.tally(), setup.clock().instant());
    }
}
