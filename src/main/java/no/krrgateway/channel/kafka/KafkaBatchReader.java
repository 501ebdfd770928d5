// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import no.krrgateway.GatewayException;
import no.krrgateway.limits.InputLimits;
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
    private final InputLimits limits;
    private final int idsPerSlice;
    private final PoisonRecords poison;
    private final SuspectRecords suspects;
    private final PossibleDuplicates duplicates;
    private final InFlightMarker marker;
    private final ConsumerOrgs consumerOrgs;

    public KafkaBatchReader(LookupRequestParser parser, InputLimits limits, int idsPerSlice, PoisonRecords poison,
                            SuspectRecords suspects, PossibleDuplicates duplicates, InFlightMarker marker) {
        this(parser, limits, idsPerSlice, poison, suspects, duplicates, marker, ConsumerOrgs.defaultOnly(null));
    }

    public KafkaBatchReader(LookupRequestParser parser, InputLimits limits, int idsPerSlice, PoisonRecords poison,
                            SuspectRecords suspects, PossibleDuplicates duplicates, InFlightMarker marker,
                            ConsumerOrgs consumerOrgs) {
        this.consumerOrgs = consumerOrgs;
        this.parser = parser;
        this.limits = limits;
        this.idsPerSlice = idsPerSlice;
        this.poison = poison;
        this.suspects = suspects;
        this.duplicates = duplicates;
        this.marker = marker;
    }

    /** A record this consumer owns in the batch, not yet parsed. */
    private record Owned(Message record, OutcomeSource.Kafka source, String key) {
    }

    /**
     * Reads the batch's records (their offsets, owners and in-flight mark); processes records that kept failing
     * alone ({@link SuspectRecords}); and returns the rest as lookup work in slices of at most {@code idsPerSlice}
     * ids (a malformed record's error counts as one), parsed only as the route asks for the next slice, so that a
     * poll of many large records is never held in memory as ids and outcomes at once.
     */
    public Iterator<LookupWork> read(Exchange batch) {
        List<?> records = batch.getMessage().getBody(List.class);
        Map<TopicPartition, KafkaManualCommit> commits = new LinkedHashMap<>();
        Set<TopicPartition> owned = null;
        InFlightBatch inFlight = null;
        List<Owned> normal = new ArrayList<>();
        List<Owned> alone = new ArrayList<>();
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
            Owned entry = new Owned(record, new OutcomeSource.Kafka(topic, partition, offset), key);
            (poison.isSuspect(key) ? alone : normal).add(entry);
            if (offset < inheritedUntil) {
                // Counted now, before the first slice marks the batch; the record is parsed again for its slices.
                inFlight.addPossibleRepeats(request(entry).outcomes());
            }
        }
        if (inFlight == null) {
            inFlight = new InFlightBatch(null, Duration.ZERO);
        }
        batch.setProperty(IN_FLIGHT, inFlight);
        batch.setProperty(COMMITS, commits);
        batch.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange exchange) {
                poison.done(keys);
            }

            @Override
            public void onFailure(Exchange exchange) {
                // KRR or Maskinporten trouble holds intake back instead; anything else counts against the records.
                if (exchange.getException(GatewayException.class) == null) {
                    poison.failed(keys, exchange.getException());
                }
            }
        });
        if (!alone.isEmpty()) {
            // A suspect record publishes its outcomes itself, so the batch is marked in flight before.
            marker.mark(inFlight);
            for (Owned suspect : alone) {
                suspects.process(new Slices(List.of(suspect).iterator()), suspect.key(),
                        poison.failures(suspect.key()));
            }
        }
        return new Slices(normal.iterator());
    }

    /**
     * One record read: its ids with their context and the org to look them up for, or the error that answers it;
     * {@code orgRefused}: its consumerOrg is not allowed, and each id is answered CONSUMER_ORG_REFUSED.
     */
    private record Request(RequestContext context, List<String> ids, PersonOutcome error, String consumerOrg,
                           boolean orgRefused) {

        Request(RequestContext context, List<String> ids, PersonOutcome error) {
            this(context, ids, error, null, false);
        }

        int outcomes() {
            return error != null ? 1 : ids.size();
        }
    }

    private Request request(Owned owned) {
        Message record = owned.record();
        OutcomeSource.Kafka source = owned.source();
        String value = record.getBody(String.class);
        LookupRequestParser.Parsed parsed = parser.parse(value);
        String requestId = parsed.requestId() != null
                ? parsed.requestId()
                : source.topic() + "-" + source.partition() + "-" + source.offset();
        String correlationId = correlationId(record);
        Optional<String> headerProblem = limits.correlationIdProblem(correlationId);
        if (headerProblem.isPresent() || parsed.isMalformed()) {
            // Over a limit, the value over it is not copied into the error: only the payload's first part is echoed.
            RequestContext context = new RequestContext(requestId, headerProblem.isPresent() ? null : correlationId,
                    source);
            String reason = parsed.isMalformed() ? parsed.malformedReason() : headerProblem.get();
            return new Request(context, List.of(), new PersonOutcome.Error(context, null,
                    ErrorCode.MALFORMED_REQUEST, reason, limits.payloadEcho(value), value == null ? 0 : value.length()));
        }
        RequestContext context = new RequestContext(requestId, correlationId, source);
        boolean refused = !consumerOrgs.allows(parsed.consumerOrg());
        return new Request(context, parsed.personIds(), null, refused ? null : consumerOrgs.lookupOrg(
                parsed.consumerOrg()), refused);
    }

    /** The work of some records, slice by slice: a record larger than a slice spreads over several. */
    private final class Slices implements Iterator<LookupWork> {

        private final Iterator<Owned> records;
        private Request current;
        private int position;

        Slices(Iterator<Owned> records) {
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            return current != null && position < current.ids().size() || records.hasNext();
        }

        @Override
        public LookupWork next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<LookupItem> items = new ArrayList<>();
            List<PersonOutcome> decided = new ArrayList<>();
            int room = idsPerSlice;
            while (room > 0) {
                if (current == null || position == current.ids().size()) {
                    if (!records.hasNext()) {
                        break;
                    }
                    current = request(records.next());
                    position = 0;
                    if (current.error() != null) {
                        decided.add(current.error());
                        room--;
                        continue;
                    }
                }
                int take = Math.min(room, current.ids().size() - position);
                for (String personId : current.ids().subList(position, position + take)) {
                    if (current.orgRefused()) {
                        // One error per id, as for any id that cannot be looked up; the org is not echoed.
                        decided.add(new PersonOutcome.Error(current.context(), personId,
                                ErrorCode.CONSUMER_ORG_REFUSED, "the request's consumerOrg is neither the default "
                                + "nor in gateway.maskinporten.consumer-orgs", null));
                    } else {
                        items.add(new LookupItem(personId, current.context(), current.consumerOrg()));
                    }
                }
                position += take;
                room -= take;
            }
            return new LookupWork(items, decided);
        }
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
