// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

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
        Files.setLastModifiedTime(left, FileTime.from(Instant.now().minus(TempFile.CommitLock.STALE).minus(Duration.ofSeconds(1))));
        try (TempFile.CommitLock taken = TempFile.CommitLock.acquire(outbox, "a")) {
            assertThat(left).exists();
        }
        assertThat(left).doesNotExist();
    }
}
