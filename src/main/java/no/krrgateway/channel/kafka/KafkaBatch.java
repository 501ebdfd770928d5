// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.PersonOutcome;

/** One Kafka batch, in exchange property {@value #PROPERTY} from its read to its commit. */
public final class KafkaBatch implements Iterator<LookupWork> {

    public static final String PROPERTY = "kafkaBatch";

    final OwnedRecords owned;
    private final CompletionTally tally;
    /** The batch's sends Kafka has yet to acknowledge. */
    final KafkaRecordSender.Pending pending = new KafkaRecordSender.Pending();
    TransactionSlot slot;

    private final KafkaDelivery.Setup setup;
    private final Deque<Part> parts = new ArrayDeque<>();
    private Part part;
    private RequestRecords.Request current;
    private int position;
    LookupWork last;

    /** Records whose batches kept failing come first, each alone ({@link PoisonRecords}). */
    KafkaBatch(OwnedRecords owned, KafkaDelivery.Setup setup) {
        this.owned = owned;
        this.setup = setup;
        this.tally = new CompletionTally(setup.clock().instant());
        List<OwnedRecords.Record> normal = new ArrayList<>();
        for (OwnedRecords.Record record : owned.records()) {
            String key = record.key();
            if (setup.poison().isSuspect(key)) {
                parts.add(new Part(List.of(record).iterator(), new Alone(key, setup.poison().failures(key))));
            } else {
                normal.add(record);
            }
        }
        if (!normal.isEmpty()) {
            parts.add(new Part(normal.iterator(), null));
        }
    }

    /** Records are parsed only as the next slice is asked for, so a poll is never held as ids and outcomes at once. */
    private record Part(Iterator<OwnedRecords.Record> records, Alone alone) {
    }

    /** A record processed alone: its PoisonRecords key and how often its batch failed before. */
    record Alone(String key, int failures) {
    }

    public CompletionTally tally() {
        return tally;
    }

    /** The record the last slice came from, if it is processed alone; else null. */
    public Alone alone() {
        return part == null ? null : part.alone();
    }

    @Override
    public boolean hasNext() {
        return partHasNext() || !parts.isEmpty();
    }

    private boolean partHasNext() {
        return part != null && (current != null && position < current.ids().size() || part.records().hasNext());
    }

    @Override
    public LookupWork next() {
        if (!partHasNext()) {
            part = parts.remove();
            current = null;
        }
        List<LookupItem> items = new ArrayList<>();
        List<PersonOutcome> decided = new ArrayList<>();
        String condemned = part.alone() == null ? null : setup.poison().condemned.get(part.alone().key());
        int room = setup.idsPerSlice();
        while (room > 0) {
            if (current == null || position == current.ids().size()) {
                if (!part.records().hasNext()) {
                    break;
                }
                OwnedRecords.Record record = part.records().next();
                current = setup.requests().read(record);
                position = 0;
                tally.lookedUpFor(record.source(), current.consumerOrg());
                if (current.error() != null) {
                    decided.add(condemned == null ? current.error()
                            : KafkaDelivery.processingFailed(current.error().context(), null, condemned));
                    room--;
                    continue;
                }
            }
            int take = Math.min(room, current.ids().size() - position);
            for (String personId : current.ids().subList(position, position + take)) {
                if (condemned != null) {
                    decided.add(KafkaDelivery.processingFailed(current.context(), personId, condemned));
                } else if (current.orgRefused()) {
                    decided.add(current.refusal(personId));
                } else {
                    items.add(new LookupItem(personId, current.context(), current.consumerOrg()));
                }
            }
            position += take;
            room -= take;
        }
        last = new LookupWork(items, decided);
        return last;
    }

    /** The next slice of the record the last one came from, if it has more; else null. */
    LookupWork nextOfRecord() {
        return part.alone() != null && partHasNext() ? next() : null;
    }
}
