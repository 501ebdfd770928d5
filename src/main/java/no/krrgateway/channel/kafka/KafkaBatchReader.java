// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
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

/**
 * Reads one batch of the Kafka batching consumer as lookup work: the records this consumer still owns
 * ({@link OwnedRecords}, whose commit handles it leaves for the commit step), parsed slice by slice. Records whose
 * batch kept failing for a reason other than KRR or Maskinporten ({@link PoisonRecords}) are processed alone
 * ({@link SuspectRecords}), so one poison record cannot block a partition.
 */
public class KafkaBatchReader {

    /** Exchange property holding {@code Map<TopicPartition, KafkaManualCommit>} for the commit step. */
    public static final String COMMITS = "krrGatewayCommits";
    static final String CORRELATION_HEADER = "correlation-id";

    private final LookupRequestParser parser;
    private final InputLimits limits;
    private final int idsPerSlice;
    private final PoisonRecords poison;
    private final SuspectRecords suspects;
    private final ConsumerOrgs consumerOrgs;

    public KafkaBatchReader(LookupRequestParser parser, InputLimits limits, int idsPerSlice, PoisonRecords poison,
                            SuspectRecords suspects, ConsumerOrgs consumerOrgs) {
        this.consumerOrgs = consumerOrgs;
        this.parser = parser;
        this.limits = limits;
        this.idsPerSlice = idsPerSlice;
        this.poison = poison;
        this.suspects = suspects;
    }

    /**
     * Processes the batch's records that kept failing alone, and returns the rest as lookup work in slices of at most
     * {@code idsPerSlice} ids (a malformed record's error counts as one), parsed only as the route asks for the next
     * slice, so that a poll of many large records is never held in memory as ids and outcomes at once.
     */
    public Iterator<LookupWork> read(Exchange batch) {
        OwnedRecords owned = OwnedRecords.of(batch.getMessage().getBody(List.class));
        batch.setProperty(COMMITS, owned.commits());
        List<OwnedRecords.Record> normal = new ArrayList<>();
        List<OwnedRecords.Record> alone = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (OwnedRecords.Record record : owned.records()) {
            keys.add(key(record));
            (poison.isSuspect(key(record)) ? alone : normal).add(record);
        }
        poison.watch(batch, keys);
        for (OwnedRecords.Record suspect : alone) {
            suspects.process(new Slices(List.of(suspect).iterator()), key(suspect), poison.failures(key(suspect)));
        }
        return new Slices(normal.iterator());
    }

    private static String key(OwnedRecords.Record record) {
        OutcomeSource.Kafka source = record.source();
        return PoisonRecords.key(source.topic(), source.partition(), source.offset());
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

    }

    private Request request(OwnedRecords.Record owned) {
        Message record = owned.message();
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

        private final Iterator<OwnedRecords.Record> records;
        private Request current;
        private int position;

        Slices(Iterator<OwnedRecords.Record> records) {
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
}
