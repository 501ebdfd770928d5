// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLockTest {

    /** Short for the test; the gateway's is {@link TempFile.CommitLock#STALE}, a minute. */
    private static final Duration STALE = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path outbox;

    @Test
    void aSecondCommitWaitsUntilTheFirstReleasesTheLock() throws Exception {
        TempFile.CommitLock first = TempFile.CommitLock.acquire(outbox, "a");
        CompletableFuture<TempFile.CommitLock> second = CompletableFuture.supplyAsync(() -> {
            try {
                return TempFile.CommitLock.acquire(outbox, "a");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(second).as("waits while the first holds the lock").isNotDone();
        assertThat(TempFile.CommitLock.acquire(outbox, "b")).as("another name is not held up").isNotNull().satisfies(b -> b.close());
        first.close();
        second.get(30, TimeUnit.SECONDS).close();
        assertThat(outbox.resolve(".a.commit")).doesNotExist();
    }

    @Test
    void aLockLeftByAnInstanceThatDiedIsRemoved() throws Exception {
        Path left = Files.createFile(outbox.resolve(".a.commit"));
        try (TempFile.CommitLock taken = TempFile.CommitLock.acquire(outbox, "a", STALE, WAIT)) {
            assertThat(left).exists();
        }
        assertThat(left).doesNotExist();
    }

    /**
     * On NFS the lock's time is the server's: a server clock an hour ahead made a crash's lock look fresh for an hour,
     * so every commit of that NAME waited two minutes and failed, until the file was refused PROCESSING_FAILED.
     */
    @Test
    void aLockLeftByACrashWithATimeInTheFutureIsTakenOver() throws Exception {
        Path left = Files.createFile(outbox.resolve(".a.commit"));
        Files.setLastModifiedTime(left, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
        try (TempFile.CommitLock taken = TempFile.CommitLock.acquire(outbox, "a", STALE, WAIT)) {
            assertThat(left).exists();
        }
        assertThat(left).doesNotExist();
    }

    /** A server clock behind the gateway's made a live holder's lock look stale at once: two commits at a time. */
    @Test
    void aLiveLockWithATimeInThePastIsNotTakenOver() throws Exception {
        try (TempFile.CommitLock first = TempFile.CommitLock.acquire(outbox, "a")) {
            Files.setLastModifiedTime(first.lock(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            CompletableFuture<TempFile.CommitLock> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return TempFile.CommitLock.acquire(outbox, "a");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
            first.close();
            second.get(30, TimeUnit.SECONDS).close();
        }
    }

    /**
     * Two instances on one file (a holder paused past takeover-after, then resumed): the later one's TempFile replaced
     * the earlier one's. The earlier one's commit failed, as it should, but its discard then deleted the later one's
     * half-written file by name, so the later one's commit failed too and the file was read a third time.
     */
    @Test
    void aTempFileReplacedByAnotherWriterIsLeftToItOnDiscard() throws Exception {
        Path target = outbox.resolve("a.results.jsonl");
        var permissions = new FilePermissions(FilePermissions.GroupAccess.NONE);
        TempFile earlier = new TempFile(target, permissions);
        TempFile later = new TempFile(target, permissions);
        later.write("later\n");

        earlier.discard();
        later.commit();
        assertThat(target).hasContent("later");
    }
}
