// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
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
    static final int MAX_CLAIM_BYTES = 1024;
    private static final Logger log = LoggerFactory.getLogger(InboxOwnership.class);

    private final Path inbox;
    private final Path claim;
    private final Duration heartbeat;
    private final Duration takeoverAfter;
    private final LongSupplier nanos;
    private final String instance = UUID.randomUUID().toString();
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean owner;
    private volatile String holder;
    private long beat;
    private long lastRefreshed;
    private String lastSeen;
    private long lastSeenSince;
    private boolean troubleLogged;
    private volatile String distrust;
    private String lastInstance;
    private long lastBeat;
    /** A forgery is not trusted again. */
    private String forgedInstance;
    private String forgedWhy;
    private boolean malformedBefore;

    public InboxOwnership(Path inbox, InboxOwnerProperties properties) {
        this(inbox, properties, System::nanoTime);
    }

    InboxOwnership(Path inbox, InboxOwnerProperties properties, LongSupplier nanos) {
        this.inbox = inbox;
        this.claim = inbox.resolve(CLAIM);
        this.heartbeat = properties.heartbeatInterval();
        this.takeoverAfter = properties.takeoverAfter();
        this.nanos = nanos;
    }

    /** Looks once now, so the first poll knows. */
    public void start(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        tick();
        scheduler.scheduleWithFixedDelay(this::tick, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
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
            String content = read();
            String doubt = content == null || instance.equals(field(content, "instance")) ? null : doubt(content);
            if (doubt != null) {
                distrusted(doubt);
                return;
            }
            if (content == null) {
                claim();
            } else if (instance.equals(field(content, "instance"))) {
                refresh();
            } else {
                standBy(content);
            }
            if (distrust != null) {
                distrust = null;
                log.info("Inbox {}: the owner claim {} is a gateway's claim again", inbox, CLAIM);
            }
            troubleLogged = false;
        } catch (UntrustedClaim e) {
            distrusted(e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!troubleLogged) {
                log.warn("Inbox {}: cannot read or refresh the owner claim {} ({}: {})", inbox, CLAIM,
                        e.getClass().getSimpleName(), e.getMessage());
                troubleLogged = true;
            }
            if (owner && nanos.getAsLong() - lastRefreshed > takeoverAfter.toNanos() / 2) {
                // another instance may take over soon; stop taking files before it can
                owner = false;
                holder = "unknown: the claim could not be refreshed";
                log.warn("Inbox {}: this instance stops taking files until its claim can be refreshed", inbox);
            }
        }
    }

    /** An empty claim is being made; a malformed one is distrusted at the second look (it may be half written). */
    private String doubt(String content) {
        if (content.isEmpty()) {
            return null;
        }
        String other = field(content, "instance");
        Long otherBeat = number(field(content, "beat"));
        boolean malformed = other == null || field(content, "host") == null
                || number(field(content, "pid")) == null || otherBeat == null;
        boolean malformedTwice = malformed && malformedBefore;
        malformedBefore = malformed;
        if (malformed) {
            return malformedTwice ? "it is not a claim the gateway writes (the lines instance=, host=, pid=, beat=)"
                    : null;
        }
        if (other.equals(forgedInstance)) {
            return forgedWhy;
        }
        if (other.equals(lastInstance) && otherBeat <= lastBeat && !content.equals(lastSeen)) {
            forgedInstance = other;
            forgedWhy = "its heartbeat count went from " + lastBeat + " to " + otherBeat + " with the same holder, "
                    + "which no gateway instance writes";
            return forgedWhy;
        }
        lastInstance = other;
        lastBeat = otherBeat;
        return null;
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
                    claim.toAbsolutePath().normalize());
        }
    }

    private void claim() throws IOException {
        Files.createDirectories(inbox);
        try {
            // an exclusive create neither follows a link nor replaces anything at the name
            Files.write(claim, content(++beat).getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException lostTheRace) {
            return;
        }
        lastRefreshed = nanos.getAsLong();
        becomeOwner();
    }

    /** Through an exclusive, unguessable temp file and a rename: anything planted is never written to. */
    private void refresh() throws IOException {
        Path temp = inbox.resolve(CLAIM + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                file.write(ByteBuffer.wrap(content(++beat).getBytes(StandardCharsets.UTF_8)));
            }
            Files.move(temp, claim, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        lastRefreshed = nanos.getAsLong();
        becomeOwner();
    }

    private void becomeOwner() {
        if (!owner) {
            owner = true;
            holder = null;
            log.info("Inbox {}: this instance takes its files (claim {} as host {}, pid {})", inbox, CLAIM, host, pid);
        }
    }

    private void standBy(String content) throws IOException {
        long now = nanos.getAsLong();
        String other = describe(content);
        if (owner) {
            owner = false;
            log.warn("Inbox {}: taken over by another gateway instance ({}) while this one did not refresh its claim; "
                    + "this instance takes no more files from it", inbox, other);
        }
        if (!content.equals(lastSeen)) {
            lastSeen = content;
            lastSeenSince = now;
            if (!other.equals(holder)) {
                holder = other;
                log.warn("Inbox {} is held by another gateway instance ({}); this instance takes no files from it "
                        + "while that one runs. To let several instances share one inbox, enable "
                        + "gateway.files.shared-inbox (docs/file-channel.md)", inbox, other);
            }
            return;
        }
        long unchanged = now - lastSeenSince;
        boolean stale = unchanged >= takeoverAfter.toNanos()
                || (diedOnThisHost(content) && unchanged >= heartbeat.multipliedBy(2).toNanos());
        if (stale && content.equals(read())) {
            Files.deleteIfExists(claim);
            log.warn("Inbox {}: the claim of {} was not refreshed for {} s; taking the inbox over", inbox, other,
                    Duration.ofNanos(unchanged).toSeconds());
            lastSeen = null;
            claim();
        }
    }

    private boolean diedOnThisHost(String content) {
        String otherPid = field(content, "pid");
        if (!host.equals(field(content, "host")) || otherPid == null) {
            return false;
        }
        try {
            long number = Long.parseLong(otherPid);
            return number != pid && ProcessHandle.of(number).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Without following a link or opening a FIFO; null when there is none. */
    private String read() throws IOException {
        try (RegularFile file = RegularFile.open(claim)) {
            String content = file.text(MAX_CLAIM_BYTES);
            if (content == null) {
                throw new UntrustedClaim("it holds more than " + MAX_CLAIM_BYTES + " bytes");
            }
            return content;
        } catch (NoSuchFileException e) {
            return null;
        } catch (RejectedFileException e) {
            throw new UntrustedClaim(e.problem() == FileProblem.SYMBOLIC_LINK ? "it is a symbolic link"
                    : "it is not a regular file (a pipe, a device, a socket or a folder)");
        }
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final class UntrustedClaim extends IOException {
        UntrustedClaim(String why) {
            super(why);
        }
    }

    private String content(long beatNumber) {
        return "instance=" + instance + "\nhost=" + host + "\npid=" + pid + "\nbeat=" + beatNumber + "\n";
    }

    private static String describe(String content) {
        String otherHost = field(content, "host");
        String otherPid = field(content, "pid");
        return otherHost == null ? "claim " + CLAIM + " unreadable" : "host " + otherHost + ", pid " + otherPid;
    }

    private static String field(String content, String name) {
        String value = null; // the last line of that name counts
        for (String line : content.split("\n")) {
            if (line.startsWith(name + "=")) {
                value = line.substring(name.length() + 1).strip();
            }
        }
        return value;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
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
                if (instance.equals(field(Objects.requireNonNullElse(read(), ""), "instance"))) {
                    Files.deleteIfExists(claim);
                }
            } catch (IOException e) {
                log.warn("Inbox {}: could not remove this instance's claim {}; another takes over after {} s", inbox,
                        CLAIM, takeoverAfter.toSeconds());
            }
        }
    }
}
