// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.time.Duration;

/** Another instance's claim as this one watches it: whether to trust it, and since when it stands still. */
final class ClaimWatch {

    private final OwnerClaim claim;
    private String lastSeen;
    private long lastSeenSince;
    private String lastInstance;
    private long lastBeat;
    /** A forgery is not trusted again. */
    private String forgedInstance;
    private String forgedWhy;
    private boolean malformedBefore;

    ClaimWatch(OwnerClaim claim) {
        this.claim = claim;
    }

    /**
     * Refuses a claim that cannot be trusted, saying why. An empty claim is being made; a malformed one is distrusted
     * at the second look (it may be half written); a gateway's heartbeat count only goes up while its content changes.
     */
    void trust(String content) throws OwnerClaim.Untrusted {
        if (content.isEmpty()) {
            return;
        }
        String other = OwnerClaim.field(content, "instance");
        Long otherBeat = OwnerClaim.number(OwnerClaim.field(content, "beat"));
        boolean malformed = other == null || OwnerClaim.field(content, "host") == null
                || OwnerClaim.number(OwnerClaim.field(content, "pid")) == null || otherBeat == null;
        boolean malformedTwice = malformed && malformedBefore;
        malformedBefore = malformed;
        if (malformedTwice) {
            throw new OwnerClaim.Untrusted("it is not a claim the gateway writes (the lines instance=, host=, pid=, "
                    + "beat=)");
        }
        if (malformed) {
            return;
        }
        if (other.equals(forgedInstance)) {
            throw new OwnerClaim.Untrusted(forgedWhy);
        }
        if (other.equals(lastInstance) && otherBeat <= lastBeat && !content.equals(lastSeen)) {
            forgedInstance = other;
            forgedWhy = "its heartbeat count went from " + lastBeat + " to " + otherBeat + " with the same holder, "
                    + "which no gateway instance writes";
            throw new OwnerClaim.Untrusted(forgedWhy);
        }
        lastInstance = other;
        lastBeat = otherBeat;
    }

    /** @return how long the claim has stood unchanged, or null when it changed (looked at again from now) */
    Duration unchanged(String content, long nanos) {
        if (!content.equals(lastSeen)) {
            lastSeen = content;
            lastSeenSince = nanos;
            return null;
        }
        return Duration.ofNanos(nanos - lastSeenSince);
    }

    /** Unchanged for takeover-after, or for two heartbeats when its process of this host no longer runs. */
    boolean stale(String content, Duration unchanged, InboxOwnerProperties settings) {
        return unchanged.compareTo(settings.takeoverAfter()) >= 0 || (diedOnThisHost(content)
                && unchanged.compareTo(settings.heartbeatInterval().multipliedBy(2)) >= 0);
    }

    /** Taken over: whatever stands there next is new. */
    void forget() {
        lastSeen = null;
    }

    /** A claim of a process of this host that no longer runs. */
    private boolean diedOnThisHost(String content) {
        Long other = OwnerClaim.number(OwnerClaim.field(content, "pid"));
        return claim.host.equals(OwnerClaim.field(content, "host")) && other != null && other != claim.pid
                && ProcessHandle.of(other).map(p -> !p.isAlive()).orElse(true);
    }

    static String describe(String content) {
        String otherHost = OwnerClaim.field(content, "host");
        return otherHost == null ? "claim " + InboxOwnership.CLAIM + " unreadable" : "host " + otherHost + ", pid "
                + OwnerClaim.field(content, "pid");
    }
}
