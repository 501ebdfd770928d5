// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;

/**
 * One instance takes an unshared inbox's files: its claim file, rewritten every heartbeat, is taken over once seen
 * unchanged for takeover-after (monotonic clock). A file, as an OS lock is silently client-local on NFS nolock, some
 * CSI drivers and SMB. A takeover race leaves two owners for at most a heartbeat, which FileIntake's commit withstands.
 */
public class InboxOwnership implements AutoCloseable {

    public static final String CLAIM = ".krr-gateway-owner";
    private static final Logger log = LoggerFactory.getLogger(InboxOwnership.class);

    private final Path inbox;
    private final OwnerClaim claim;
    private final ClaimWatch other;
    private final FileChannelProperties.InboxOwner settings;
    private final LongSupplier nanos;
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean owner;
    private long lastRefreshed;
    private boolean troubleLogged;

    public InboxOwnership(Path inbox, FileChannelProperties.InboxOwner settings, LongSupplier nanos,
                          FilePermissions permissions) {
        this.inbox = inbox;
        this.claim = new OwnerClaim(inbox, permissions);
        this.other = new ClaimWatch(claim, inbox);
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

    /** DEGRADED (200) while another instance holds the inbox: a standby stays ready for its other channels. */
    Health health() {
        Path folder = inbox.toAbsolutePath().normalize();
        String distrust = other.distrust;
        if (distrust != null) {
            return Health.down().withDetail("claim", folder.resolve(CLAIM).toString()).withDetail("inbox", "the "
                    + "owner claim cannot be trusted: " + distrust + "; this instance takes no files from " + folder
                    + " until the claim is removed").build();
        }
        return isOwner() ? Health.up().withDetail("inbox", "taken by this instance").build()
                : Health.status("DEGRADED").withDetail("inbox", "held by another instance (" + other.holder + "); this "
                        + "instance takes no files from " + folder + ". To let several instances share one inbox, "
                        + "enable gateway.files.shared-inbox").build();
    }

    synchronized void tick() {
        try {
            String content = claim.read();
            boolean ours = content != null && claim.ours(content);
            if (ours) {
                claim.refresh();
            } else if (content != null) {
                other.trust(content);
                if (owner) {
                    owner = false;
                    log.warn("Inbox {}: taken over by another gateway instance ({}) while this one did not refresh "
                            + "its claim; this instance takes no more files from it", inbox,
                            ClaimWatch.describe(content));
                }
            }
            // no claim, or a stale one removed: ours made exclusively (false: another won the race)
            if (ours || ((content == null || other.removedStale(content, nanos.getAsLong(), settings))
                    && claim.create())) {
                becomeOwner();
            }
            other.trusted();
            troubleLogged = false;
        } catch (OwnerClaim.Untrusted e) {
            if (owner) {
                log.warn("Inbox {}: this instance takes no more files from it", inbox);
            }
            owner = false;
            other.distrusted(e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!troubleLogged) {
                log.warn("Inbox {}: cannot read or refresh the owner claim {} ({}: {})", inbox, CLAIM,
                        e.getClass().getSimpleName(), e.getMessage());
                troubleLogged = true;
            }
            if (owner && nanos.getAsLong() - lastRefreshed > settings.takeoverAfter().toNanos() / 2) {
                // another instance may take over soon; stop taking files before it can
                owner = false;
                other.holder = "unknown: the claim could not be refreshed";
                log.warn("Inbox {}: this instance stops taking files until its claim can be refreshed", inbox);
            }
        }
    }

    private void becomeOwner() {
        lastRefreshed = nanos.getAsLong();
        if (!owner) {
            owner = true;
            other.holder = null;
            log.info("Inbox {}: this instance takes its files (claim {} as host {}, pid {})", inbox, CLAIM,
                    claim.host, claim.pid);
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
