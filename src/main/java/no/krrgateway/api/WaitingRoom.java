// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import no.krrgateway.api.LookupCoalescer.Limits;
import no.krrgateway.api.LookupCoalescer.Overloaded;
import no.krrgateway.api.OrgQueue.Batch;
import no.krrgateway.api.OrgQueue.Caller;

/**
 * What {@link LookupCoalescer} has taken and not yet answered, by org and client, and its call slots; guarded by the
 * coalescer's lock.
 */
final class WaitingRoom {

    private final Limits limits;
    /** The orgs with ids waiting, the one served longest ago first. */
    private final LinkedHashMap<Optional<String>, OrgQueue> orgs = new LinkedHashMap<>();
    private final Map<String, Integer> byClient = new HashMap<>();
    /** Of requests taken and not yet released, whether sent or not. */
    int ids;
    /** Batches out, at most one per call slot. */
    int inFlight;

    WaitingRoom(Limits limits) {
        this.limits = limits;
    }

    /** All of the caller's ids, or nothing. */
    void admit(Caller caller) {
        int size = caller.request.personIds().size();
        if (ids + size > limits.maxWaitingIds()) {
            throw new Overloaded("too many ids are waiting (gateway.api.max-waiting-ids)");
        }
        int client = byClient.getOrDefault(caller.request.clientId(), 0);
        if (client + size > limits.maxWaitingIdsPerClient()) {
            throw new Overloaded("too many of this client's ids are waiting "
                    + "(gateway.api.max-waiting-ids-per-client)");
        }
        ids += size;
        byClient.put(caller.request.clientId(), client + size);
        orgs.computeIfAbsent(Optional.ofNullable(caller.request.consumerOrg()), OrgQueue::new).add(caller);
    }

    /** While a call slot is free: the batch of the org served longest ago that is full or past its window. */
    List<Batch> takeReady(long now) {
        List<Batch> ready = new ArrayList<>(2);
        long window = limits.window().toNanos();
        while (inFlight < limits.maxInFlight()) {
            Optional<OrgQueue> due = orgs.values().stream().filter(org -> org.pendingIds >= limits.maxBatchIds()
                    || now - org.oldestArrival() >= window).findFirst();
            if (due.isEmpty()) {
                break;
            }
            OrgQueue org = due.get();
            ready.add(org.take(limits.maxBatchIds()));
            inFlight++;
            orgs.remove(org.org);
            if (org.pendingIds > 0) {
                orgs.put(org.org, org); // served: to the back of the line
            }
        }
        return ready;
    }

    /** While a call slot is free: when the first window of the orgs waiting ends. */
    OptionalLong nextWindowEnd() {
        long window = limits.window().toNanos();
        return inFlight >= limits.maxInFlight() ? OptionalLong.empty()
                : orgs.values().stream().mapToLong(org -> org.oldestArrival() + window).min();
    }

    /** Its ids not yet sent. */
    void remove(Caller caller) {
        OrgQueue org = orgs.get(Optional.ofNullable(caller.request.consumerOrg()));
        if (org != null && caller.next < caller.distinct.size()) {
            org.remove(caller);
            if (org.pendingIds == 0) {
                orgs.remove(org.org);
            }
        }
    }

    /** Its ids no longer count as waiting. */
    void release(Caller caller) {
        caller.released = true;
        int size = caller.request.personIds().size();
        ids -= size;
        byClient.computeIfPresent(caller.request.clientId(), (client, n) -> n == size ? null : n - size);
    }
}
