// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.apache.camel.Exchange;

/**
 * Reads one batch of the Kafka batching consumer as lookup work: the records this consumer still owns
 * ({@link OwnedRecords}, whose commit handles it leaves for the commit step), read ({@link RequestRecords}) slice by
 * slice. Records whose
 * batch kept failing for a reason other than KRR or Maskinporten ({@link PoisonRecords}) are processed alone
 * ({@link SuspectRecords}), so one poison record cannot block a partition.
 */
public class KafkaBatchReader {

    /** Exchange property holding {@code Map<TopicPartition, KafkaManualCommit>} for the commit step. */
    public static final String COMMITS = "krrGatewayCommits";
    /** Exchange property holding {@code Map<TopicPartition, Long>}: per partition the offset of the batch's first record. */
    public static final String FIRST_OFFSETS = "krrGatewayFirstOffsets";
    static final String CORRELATION_HEADER = "correlation-id";

    private final RequestRecords requests;
    private final int idsPerSlice;
    private final PoisonRecords poison;
    private final SuspectRecords suspects;

    public KafkaBatchReader(RequestRecords requests, int idsPerSlice, PoisonRecords poison, SuspectRecords suspects) {
        this.requests = requests;
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
        batch.setProperty(FIRST_OFFSETS, owned.firstOffsets());
        List<OwnedRecords.Record> normal = new ArrayList<>();
        List<OwnedRecords.Record> alone = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (OwnedRecords.Record record : owned.records()) {
            keys.add(key(record));
            (poison.isSuspect(key(record)) ? alone : normal).add(record);
        }
        poison.watch(batch, keys);
        CompletionTally tally = batch.getProperty(KafkaCompletions.TALLY, CompletionTally.class);
        for (OwnedRecords.Record suspect : alone) {
            suspects.process(new Slices(List.of(suspect).iterator(), tally), key(suspect),
                    poison.failures(key(suspect)));
        }
        return new Slices(normal.iterator(), tally);
    }

    private static String key(OwnedRecords.Record record) {
        OutcomeSource.Kafka source = record.source();
        return PoisonRecords.key(source.topic(), source.partition(), source.offset());
    }

    /** The work of some records, slice by slice: a record larger than a slice spreads over several. */
    private final class Slices implements Iterator<LookupWork> {

        private final Iterator<OwnedRecords.Record> records;
        /** Told the org each record is looked up for, for its audit event; null outside a batch. */
        private final CompletionTally tally;
        private RequestRecords.Request current;
        private int position;

        Slices(Iterator<OwnedRecords.Record> records, CompletionTally tally) {
            this.records = records;
            this.tally = tally;
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
                    OwnedRecords.Record record = records.next();
                    current = requests.read(record);
                    position = 0;
                    if (tally != null) {
                        tally.lookedUpFor(record.source(), current.consumerOrg());
                    }
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
                                ErrorCode.CONSUMER_ORG_REFUSED, "the request's consumerOrg may not be named on this "
                                + "topic (gateway.tenants.<org>.request-topics)", null));
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
}
