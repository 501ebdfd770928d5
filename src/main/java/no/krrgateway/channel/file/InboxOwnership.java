// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without {@code gateway.files.shared-inbox}, one instance at a time takes an inbox's files: the owner's claim file
 * is created with CREATE_NEW and rewritten every heartbeat; another takes over when it has seen it unchanged for
 * takeover-after on its own monotonic clock (host clocks need not agree).
 *
 * <p>A claim file, not an OS lock: on NFS with {@code nolock}, some CSI drivers and SMB a lock is silently local to
 * each client. A takeover race leaves two owners for at most a heartbeat; {@link FileIntake}'s commit is safe anyway.
 */
public class InboxOwnership implements AutoCloseable {

    public static final String CLAIM = ".krr-gateway-owner";
    private static final Logger log = LoggerFactory.getLogger(InboxOwnership.class);

    private final Path inbox;
    private final OwnerClaim claim;
    private final ClaimWatch other;
    private final InboxOwnerProperties settings;
    private final LongSupplier nanos;
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean owner;
    private volatile String holder;
    private long lastRefreshed;
    private boolean troubleLogged;
    private volatile String distrust;

    public InboxOwnership(Path inbox, InboxOwnerProperties settings) {
        this(inbox, settings, System::nanoTime);
    }

    InboxOwnership(Path inbox, InboxOwnerProperties settings, LongSupplier nanos) {
        this.inbox = inbox;
        this.claim = new OwnerClaim(inbox);
        this.other = new ClaimWatch(claim);
        this.settings = settings;
        this.nanos = nanos;
    }

    /** Looks once now, so the first poll knows. */
    public void start(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        tick();
        long heartbeat = settings.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    }

    public boolean isOwner() {
        return owner;
    }

    /** Null while trusted; an untrusted claim is neither waited on nor taken over, until removed. */
    public String distrust() {
        return distrust;
    }

    public String holder() {
        return owner ? null : holder;
    }

    synchronized void tick() {
        try {
            String content = claim.read();
            if (content == null) {
                take();
            } else if (claim.ours(content)) {
                claim.refresh();
                becomeOwner();
            } else {
                other.trust(content);
                standBy(content);
            }
            if (distrust != null) {
                distrust = null;
                log.info("Inbox {}: the owner claim {} is a gateway's claim again", inbox, CLAIM);
            }
            troubleLogged = false;
        } catch (OwnerClaim.Untrusted e) {
            distrusted(e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!troubleLogged) {
                log.warn("Inbox {}: cannot read or refresh the owner claim {} ({}: {})", inbox, CLAIM,
                        e.getClass().getSimpleName(), e.getMessage());
                troubleLogged = true;
            }
            if (owner && nanos.getAsLong() - lastRefreshed > settings.takeoverAfter().toNanos() / 2) {
                // another instance may take over soon; stop taking files before it can
                owner = false;
                holder = "unknown: the claim could not be refreshed";
                log.warn("Inbox {}: this instance stops taking files until its claim can be refreshed", inbox);
            }
        }
    }

    private void distrusted(String why) {
        if (owner) {
            log.warn("Inbox {}: this instance takes no more files from it", inbox);
        }
        owner = false;
        holder = "nobody: the claim cannot be trusted";
        if (!why.equals(distrust)) {
            distrust = why;
            log.error("Inbox {}: the owner claim {} cannot be trusted: {}. This instance takes no files from the "
                    + "inbox until the claim is removed. Anyone who may write to the inbox can write there: find "
                    + "out who did, then delete {} (docs/file-channel.md)", inbox, CLAIM, why,
                    claim.path.toAbsolutePath().normalize());
        }
    }

    private void take() throws IOException {
        if (claim.create()) {
            becomeOwner();
        }
    }

    private void becomeOwner() {
        lastRefreshed = nanos.getAsLong();
        if (!owner) {
            owner = true;
            holder = null;
            log.info("Inbox {}: this instance takes its files (claim {} as host {}, pid {})", inbox, CLAIM,
                    claim.host, claim.pid);
        }
    }

    private void standBy(String content) throws IOException {
        String holdingOne = ClaimWatch.describe(content);
        if (owner) {
            owner = false;
            log.warn("Inbox {}: taken over by another gateway instance ({}) while this one did not refresh its claim; "
                    + "this instance takes no more files from it", inbox, holdingOne);
        }
        Duration unchanged = other.unchanged(content, nanos.getAsLong());
        if (unchanged == null) {
            if (!holdingOne.equals(holder)) {
                holder = holdingOne;
                log.warn("Inbox {} is held by another gateway instance ({}); this instance takes no files from it "
                        + "while that one runs. To let several instances share one inbox, enable "
                        + "gateway.files.shared-inbox (docs/file-channel.md)", inbox, holdingOne);
            }
            return;
        }
        if (other.stale(content, unchanged, settings) && content.equals(claim.read())) {
            Files.deleteIfExists(claim.path);
            log.warn("Inbox {}: the claim of {} was not refreshed for {} s; taking the inbox over", inbox, holdingOne,
                    unchanged.toSeconds());
            other.forget();
            take();
        }
    }

    /** Gives the inbox up at once, so a standby need not wait for takeover-after. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (owner) {
            owner = false;
            try {
                claim.removeIfOurs();
            } catch (IOException e) {
                log.warn("Inbox {}: could not remove this instance's claim {}; another takes over after {} s", inbox,
                        CLAIM, settings.takeoverAfter().toSeconds());
            }
        }
    }
}
