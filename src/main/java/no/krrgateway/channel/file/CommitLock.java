// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes one NAME's commit (check that the input is still there, replace the outputs, move the input) a step that
 * one instance at a time takes, even when two work on the same input by mistake: without it, the second could delete
 * the summary the first had just written and then fail, leaving the input in {@code .done} without its summary. The
 * lock is the file {@code outbox/.NAME.commit}, made with an exclusive create. A commit takes milliseconds, so a lock
 * older than {@link #STALE} was left by an instance that died in the middle, and is removed.
 */
final class CommitLock implements AutoCloseable {

    static final Duration STALE = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final long RETRY_MILLIS = 20;

    private final Path lock;

    private CommitLock(Path lock) {
        this.lock = lock;
    }

    static CommitLock acquire(Path outbox, String stem) throws IOException, InterruptedException {
        Path lock = outbox.resolve("." + stem + ".commit");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                Files.write(lock, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new CommitLock(lock);
            } catch (FileAlreadyExistsException held) {
                removeIfStale(lock);
                if (System.nanoTime() > deadline) {
                    throw new IOException("the commit lock " + lock.getFileName() + " stays held by another "
                            + "instance");
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    private static void removeIfStale(Path lock) throws IOException {
        try {
            Instant made = Files.getLastModifiedTime(lock, LinkOption.NOFOLLOW_LINKS).toInstant();
            if (made.isBefore(Instant.now().minus(STALE))) {
                Files.deleteIfExists(lock);
            }
        } catch (NoSuchFileException released) {
            // taken again at the next try
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(lock);
    }
}
