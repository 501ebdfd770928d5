// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Set;
import org.apache.commons.lang3.function.FailableConsumer;

/** Renamed to its real name only when complete and forced to disk, so a reader never sees half a file. */
final class TempFile {

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final BufferedOutputStream stream;
    private final Object fileKey;

    /** Created with its mode (owner-only by default), so no reader ever sees it world-readable. */
    TempFile(Path target, FilePermissions permissions) throws IOException {
        this.target = target;
        this.temp = target.resolveSibling(target.getFileName() + ".tmp");
        // A leftover of a crash, or a link someone planted: removed, never followed.
        Files.deleteIfExists(temp);
        this.channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), permissions.onCreate(temp.getParent()));
        try {
            FilePermissions.apply(temp, permissions.mode());
            this.fileKey = fileKey(temp);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temp);
            throw e;
        }
        this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    static void write(Path target, FilePermissions permissions, FailableConsumer<TempFile, IOException> content)
            throws IOException {
        TempFile file = new TempFile(target, permissions);
        try {
            content.accept(file);
            file.commit();
        } catch (IOException | RuntimeException e) {
            file.discard();
            throw e;
        }
    }

    void write(String text) throws IOException {
        stream.write(text.getBytes(StandardCharsets.UTF_8));
    }

    OutputStream stream() {
        return stream;
    }

    void commit() throws IOException {
        stream.flush();
        channel.force(true);
        stream.close();
        // another instance on the same NAME (a takeover, or by mistake) replaced TARGET.tmp: its half-written one stays
        if (fileKey != null && !fileKey.equals(fileKey(temp))) {
            throw new IOException(temp.getFileName() + " was replaced by another writer; not committed");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Closes and removes the temporary file unless another writer replaced it; never throws (runs in a failure). */
    void discard() {
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // the file is deleted next, or replaced on the next attempt
        }
        try {
            if (fileKey == null || fileKey.equals(fileKey(temp))) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException ignored) {
            // gone, or replaced whole on the next attempt
        }
    }

    /** One commit of a NAME at a time, even across instances (else one could delete the other's summary). */
    record CommitLock(Path lock) implements AutoCloseable {

        static final Duration STALE = Duration.ofMinutes(1); // a commit takes ms: an older lock's instance died
        private static final Duration WAIT = Duration.ofMinutes(2);
        private static final Duration RETRY = Duration.ofMillis(20);

        static CommitLock acquire(Path outbox, String stem) throws IOException, InterruptedException {
            return acquire(outbox, stem, STALE, WAIT);
        }

        /** Stale once seen unchanged for {@code stale} by this JVM's clock: the file's time is the server's (NFS). */
        static CommitLock acquire(Path outbox, String stem, Duration stale, Duration wait)
                throws IOException, InterruptedException {
            Path lock = outbox.resolve("." + stem + ".commit");
            FileRun.Identity seen = null;
            long seenSince = 0;
            for (long tries = wait.toMillis() / RETRY.toMillis(); tries > 0; tries--) {
                try {
                    Files.createFile(lock);
                    return new CommitLock(lock);
                } catch (FileAlreadyExistsException held) {
                    // the lock file as made: another lock made since differs; null when released (taken next try)
                    FileRun.Identity now = FileRun.Identity.of(lock);
                    if (now == null || !now.equals(seen)) {
                        seen = now;
                        seenSince = System.nanoTime();
                    } else if (System.nanoTime() - seenSince >= stale.toNanos()) {
                        Files.deleteIfExists(lock);
                    }
                }
                Thread.sleep(RETRY.toMillis());
            }
            throw new IOException("the commit lock " + lock.getFileName() + " stays held by another instance");
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(lock);
        }
    }
}
