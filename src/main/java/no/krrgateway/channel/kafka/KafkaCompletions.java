// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestTally;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route steps for the completion records of a Kafka batch: {@link #begin} starts counting, the publish route
 * {@link #count}s every list of outcomes it publishes, and after the last one the batch's completion records are
 * made, one per request, keyed by requestId.
 * <p>
 * The tally is kept in the batch's exchange; the
 * records that {@link SuspectRecords} publishes alone go through exchanges of their own while the batch is read, on
 * the consumer's polling thread, so for them the tally is found by thread.
 */
public class KafkaCompletions {

    private static final Logger log = LoggerFactory.getLogger(KafkaCompletions.class);

    private final ObjectMapper mapper;
    private final TopicsProperties topics;
    private final Clock clock;
    private final AuditTrail audit;
    /** Exchange property holding the batch's {@link CompletionTally}. */
    public static final String TALLY = "krrGatewayCompletionTally";
    /** Exchange property holding the outcomes being published. */
    static final String PUBLISHING = "krrGatewayPublishing";

    private final ThreadLocal<CompletionTally> reading = new ThreadLocal<>();

    public KafkaCompletions(ObjectMapper mapper, TopicsProperties topics, Clock clock, AuditTrail audit) {
        this.mapper = mapper;
        this.audit = audit;
        this.topics = topics;
        this.clock = clock;
    }

    /** Starts the tally of a batch; it ends with the batch's exchange, however that ends. */
    public void begin(Exchange exchange) {
        CompletionTally tally = new CompletionTally(clock.instant());
        exchange.setProperty(TALLY, tally);
        reading.set(tally);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (reading.get() == tally) {
                    reading.remove();
                }
            }
        });
    }

    /**
     * Before publishing: keeps the outcomes and the batch's tally on the publishing exchange, found here while still
     * on the thread that read the batch.
     */
    public void publishing(Exchange exchange) {
        exchange.setProperty(PUBLISHING, exchange.getMessage().getBody());
        if (exchange.getProperty(TALLY) == null && reading.get() != null) {
            exchange.setProperty(TALLY, reading.get());
        }
    }

    /**
     * Counts outcomes once they are sent. Only then: outcomes whose send failed are answered again (a batch
     * read again, or a suspect record's PROCESSING_FAILED errors), and counting the failed attempt would count an id
     * twice and carry its context (a correlation id too large to send, say) into the completion record. A batch's
     * slices are counted before Kafka acknowledges them, which is safe: a failed acknowledgement fails the whole
     * batch, tally and all, before its completion records are made; a suspect record's send waits for them.
     * Outside a Kafka batch (no tally begun) there is nothing to count. The slice's keyed id hashes, when on, go to
     * the audit trail here, as the ids pass.
     */
    public void count(@ExchangeProperty(TALLY) CompletionTally tally,
                      @ExchangeProperty(PUBLISHING) List<PersonOutcome> outcomes) {
        if (tally != null && outcomes != null) {
            tally.add(outcomes);
            audit.idHashes(outcomes);
        }
    }

    /** The batch's completion records, one per request, keyed by requestId. */
    public List<ProducerRecord<byte[], byte[]>> toRecords(@ExchangeProperty(TALLY) CompletionTally tally) {
        Instant completedAt = clock.instant();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (RequestTally completion : tally == null ? List.<RequestTally>of() : tally.completions()) {
            var record = new ProducerRecord<>(topics.completed(), bytes(completion.context().requestId()),
                    bytes(CompletionTally.toJson(completion, mapper, completedAt).toString()));
            if (completion.context().correlationId() != null) {
                record.headers().add(new RecordHeader(KafkaBatchReader.CORRELATION_HEADER,
                        bytes(completion.context().correlationId())));
            }
            records.add(record);
        }
        log.debug("{} requests of the batch complete", records.size());
        return records;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
