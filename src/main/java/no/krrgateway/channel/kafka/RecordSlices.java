// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.PersonOutcome;

/** Records are parsed only as the next slice is asked for, so a poll is never held as ids and outcomes at once. */
final class RecordSlices implements Iterator<LookupWork> {

    private final Iterator<OwnedRecords.Record> records;
    private final KafkaBatch.Alone alone;
    private final RequestRecords requests;
    private final int idsPerSlice;
    /** Told the org each record is looked up for, for its audit event. */
    private final CompletionTally tally;
    private RequestRecords.Request current;
    private int position;
    private LookupWork last;

    RecordSlices(Iterator<OwnedRecords.Record> records, KafkaBatch.Alone alone, RequestRecords requests,
                 int idsPerSlice, CompletionTally tally) {
        this.tally = tally;
        this.records = records;
        this.alone = alone;
        this.requests = requests;
        this.idsPerSlice = idsPerSlice;
    }

    /** The record these slices are of, if processed alone; else null. */
    KafkaBatch.Alone alone() {
        return alone;
    }

    LookupWork last() {
        return last;
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
                tally.lookedUpFor(record.source(), current.consumerOrg());
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
        last = new LookupWork(items, decided);
        return last;
    }
}
