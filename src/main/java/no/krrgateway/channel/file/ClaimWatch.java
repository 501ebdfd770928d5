// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Another instance's claim as this one watches it: whether to trust it, who holds it, and since when unchanged. */
final class ClaimWatch {

    private static final Logger log = LoggerFactory.getLogger(InboxOwnership.class); // the ownership's lines

    private final OwnerClaim claim;
    private final Path inbox;
    /** Who holds the inbox, as last logged; null while unknown or this instance. */
    volatile String holder;
    /** Why the claim is not trusted; null while it is. */
    volatile String distrust;
    private String lastSeen;
    private long lastSeenSince;
    private String lastInstance;
    private long lastBeat;
    /** A forgery is not trusted again. */
    private String forgedInstance;
    private String forgedWhy;
    private boolean malformedBefore;

    ClaimWatch(OwnerClaim claim, Path inbox) {
        this.claim = claim;
        this.inbox = inbox;
    }

    /** Empty: being made; malformed: distrusted at a second look (maybe half written); a beat count only goes up. */
    void trust(String content) throws OwnerClaim.Untrusted {
        if (content.isEmpty()) {
            return;
        }
        String other = OwnerClaim.field(content, "instance");
        Long otherBeat = OwnerClaim.number(OwnerClaim.field(content, "beat"));
        boolean malformed = other == null || OwnerClaim.field(content, "host") == null
                || OwnerClaim.number(OwnerClaim.field(content, "pid")) == null || otherBeat == null;
        if (malformed && malformedBefore) {
            throw new OwnerClaim.Untrusted("it is not a claim the gateway writes (the lines instance=, host=, pid=, "
                    + "beat=)");
        }
        malformedBefore = malformed;
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

    void distrusted(String why) {
        holder = "nobody: the claim cannot be trusted";
        if (!why.equals(distrust)) {
            distrust = why;
            log.error("Inbox {}: the owner claim {} cannot be trusted: {}. This instance takes no files from the "
                    + "inbox until the claim is removed. Anyone who may write to the inbox can write there: find "
                    + "out who did, then delete {} (docs/file-channel.md)", inbox, InboxOwnership.CLAIM, why,
                    claim.path.toAbsolutePath().normalize());
        }
    }

    void trusted() {
        if (distrust != null) {
            distrust = null;
            log.info("Inbox {}: the owner claim {} is a gateway's claim again", inbox, InboxOwnership.CLAIM);
        }
    }

    /** Removes a claim unchanged for takeover-after, or two heartbeats when its process of this host is gone. */
    boolean removedStale(String content, long nanos, FileChannelProperties.InboxOwner settings) throws IOException {
        String holdingOne = describe(content);
        if (!content.equals(lastSeen)) {
            lastSeen = content;
            lastSeenSince = nanos;
            if (!holdingOne.equals(holder)) {
                holder = holdingOne;
                log.warn("Inbox {} is held by another gateway instance ({}); this instance takes no files from it "
                        + "while that one runs. To let several instances share one inbox, enable "
                        + "gateway.files.shared-inbox (docs/file-channel.md)", inbox, holdingOne);
            }
            return false;
        }
        Duration unchanged = Duration.ofNanos(nanos - lastSeenSince);
        if ((unchanged.compareTo(settings.takeoverAfter()) >= 0 || (diedOnThisHost(content)
                && unchanged.compareTo(settings.heartbeatInterval().multipliedBy(2)) >= 0))
                && content.equals(claim.read())) {
            Files.deleteIfExists(claim.path);
            log.warn("Inbox {}: the claim of {} was not refreshed for {} s; taking the inbox over", inbox, holdingOne,
                    unchanged.toSeconds());
            lastSeen = null;
            return true;
        }
        return false;
    }

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
