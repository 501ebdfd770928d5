// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** One commit of a NAME at a time, even by two instances on one input (else one could delete the other's summary). */
record CommitLock(Path lock) implements AutoCloseable {

    static final Duration STALE = Duration.ofMinutes(1); // a commit takes milliseconds: an older lock's instance died
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Duration RETRY = Duration.ofMillis(20);

    static CommitLock acquire(Path outbox, String stem) throws IOException, InterruptedException {
        Path lock = outbox.resolve("." + stem + ".commit");
        for (long tries = WAIT.toMillis() / RETRY.toMillis(); tries > 0; tries--) {
            try {
                Files.createFile(lock);
                return new CommitLock(lock);
            } catch (FileAlreadyExistsException held) {
                removeIfStale(lock);
            }
            Thread.sleep(RETRY.toMillis());
        }
        throw new IOException("the commit lock " + lock.getFileName() + " stays held by another instance");
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
