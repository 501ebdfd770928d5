// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.krrgateway.GatewayException;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.maskinporten.ConsumerOrgs;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns one batch of the Kafka batching consumer into lookup work, and remembers, per partition, the last record's
 * commit handle so that offsets are committed only after the outcomes are written.
 * Records of partitions this consumer no longer owns (revoked in a rebalance while the batch gathered) are left to
 * their new owner: they are neither looked up nor committed here. Records whose batch kept failing for a reason other
 * than KRR or Maskinporten are processed alone ({@link SuspectRecords}), so one poison record cannot block a partition.
 * It also gathers the batch's offsets for its in-flight mark ({@link InFlightBatch}) and counts the outcomes of records
 * below a mark inherited from a previous owner ({@link PossibleDuplicates}).
 */
public class KafkaBatchReader {

    /** Exchange property holding {@code Map<TopicPartition, KafkaManualCommit>} for the commit step. */
    public static final String COMMITS = "krrGatewayCommits";
    /** Exchange property holding the batch's {@link InFlightBatch} for the in-flight mark step. */
    public static final String IN_FLIGHT = "krrGatewayInFlight";
    static final String CORRELATION_HEADER = "correlation-id";

    private final LookupRequestParser parser;
    private final PoisonRecords poison;
    private final SuspectRecords suspects;
    private final PossibleDuplicates duplicates;
    private final InFlightMarker marker;
    private final ConsumerOrgs consumerOrgs;

    public KafkaBatchReader(LookupRequestParser parser, PoisonRecords poison, SuspectRecords suspects,
                            PossibleDuplicates duplicates, InFlightMarker marker) {
        this(parser, poison, suspects, duplicates, marker, ConsumerOrgs.defaultOnly(null));
    }

    public KafkaBatchReader(LookupRequestParser parser, PoisonRecords poison, SuspectRecords suspects,
                            PossibleDuplicates duplicates, InFlightMarker marker, ConsumerOrgs consumerOrgs) {
        this.consumerOrgs = consumerOrgs;
        this.parser = parser;
        this.poison = poison;
        this.suspects = suspects;
        this.duplicates = duplicates;
        this.marker = marker;
    }

    private record Suspect(LookupWork work, String key) {
    }

    public LookupWork read(Exchange batch) {
        List<?> records = batch.getMessage().getBody(List.class);
        List<LookupItem> items = new ArrayList<>();
        List<PersonOutcome> decided = new ArrayList<>();
        Map<TopicPartition, KafkaManualCommit> commits = new LinkedHashMap<>();
        Set<TopicPartition> owned = null;
        InFlightBatch inFlight = null;
        List<Suspect> alone = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Object element : records) {
            Message record = ((Exchange) element).getMessage();
            String topic = record.getHeader(KafkaConstants.TOPIC, String.class);
            int partition = record.getHeader(KafkaConstants.PARTITION, Integer.class);
            long offset = record.getHeader(KafkaConstants.OFFSET, Long.class);
            TopicPartition topicPartition = new TopicPartition(topic, partition);
            KafkaManualCommit commit = record.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (inFlight == null) {
                owned = assignment(commit);
                inFlight = inFlightBatch(commit);
            }
            if (owned != null && !owned.contains(topicPartition)) {
                continue;
            }
            commits.put(topicPartition, commit);
            long inheritedUntil = duplicates.until(topicPartition);
            inFlight.add(topicPartition, offset, inheritedUntil);
            String key = PoisonRecords.key(topic, partition, offset);
            keys.add(key);
            OutcomeSource.Kafka source = new OutcomeSource.Kafka(topic, partition, offset);
            int outcomes;
            if (poison.isSuspect(key)) {
                List<LookupItem> aloneItems = new ArrayList<>();
                List<PersonOutcome> aloneDecided = new ArrayList<>();
                outcomes = read(record, source, aloneItems, aloneDecided);
                alone.add(new Suspect(new LookupWork(aloneItems, aloneDecided), key));
            } else {
                outcomes = read(record, source, items, decided);
            }
            if (offset < inheritedUntil) {
                inFlight.addPossibleRepeats(outcomes);
            }
        }
        if (inFlight == null) {
            inFlight = new InFlightBatch(null, Duration.ZERO);
        }
        batch.setProperty(IN_FLIGHT, inFlight);
        if (!alone.isEmpty()) {
            // A suspect record publishes its outcomes itself, so the batch is marked in flight before.
            marker.mark(inFlight);
            alone.forEach(suspect -> suspects.process(suspect.work(), suspect.key()));
        }
        batch.setProperty(COMMITS, commits);
        batch.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange exchange) {
                poison.done(keys);
            }

            @Override
            public void onFailure(Exchange exchange) {
                // KRR or Maskinporten trouble holds intake back instead; anything else counts against the records.
                if (!(exchange.getException() instanceof GatewayException)) {
                    poison.failed(keys);
                }
            }
        });
        return new LookupWork(items, decided);
    }

    /** Adds the record's ids (or its MALFORMED_REQUEST error) to the work; returns how many outcomes it causes. */
    private int read(Message record, OutcomeSource.Kafka source, List<LookupItem> items,
                     List<PersonOutcome> decided) {
        String value = record.getBody(String.class);
        LookupRequestParser.Parsed parsed = parser.parse(value);
        String requestId = parsed.requestId() != null
                ? parsed.requestId()
                : source.topic() + "-" + source.partition() + "-" + source.offset();
        RequestContext context = new RequestContext(requestId, correlationId(record), source);
        if (parsed.isMalformed()) {
            decided.add(new PersonOutcome.Error(context, null, ErrorCode.MALFORMED_REQUEST, parsed.malformedReason(),
                    value));
            return 1;
        }
        if (!consumerOrgs.allows(parsed.consumerOrg())) {
            // One error per id, as for any id that cannot be looked up; the value is not echoed (caller input).
            for (String personId : parsed.personIds()) {
                decided.add(new PersonOutcome.Error(context, personId, ErrorCode.CONSUMER_ORG_REFUSED,
                        "the request's consumerOrg is neither the default nor in gateway.maskinporten.consumer-orgs",
                        null));
            }
            return parsed.personIds().size();
        }
        String org = consumerOrgs.lookupOrg(parsed.consumerOrg());
        for (String personId : parsed.personIds()) {
            items.add(new LookupItem(personId, context, org));
        }
        return parsed.personIds().size();
    }

    private static String correlationId(Message record) {
        Object header = record.getHeader(CORRELATION_HEADER);
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }

    // Safe: the batching consumer runs the route on the consumer's own polling thread.
    private static Set<TopicPartition> assignment(KafkaManualCommit commit) {
        if (commit instanceof DefaultKafkaManualCommit manual) {
            return manual.getCamelExchangePayload().consumer.assignment();
        }
        return null;
    }

    private static InFlightBatch inFlightBatch(KafkaManualCommit commit) {
        if (commit instanceof DefaultKafkaManualCommit manual) {
            Consumer<?, ?> consumer = manual.getCamelExchangePayload().consumer;
            return new InFlightBatch(consumer, Duration.ofMillis(manual.getCommitTimeout()));
        }
        return new InFlightBatch(null, Duration.ZERO);
    }
}
