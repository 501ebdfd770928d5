// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.krrgateway.support.TestIds;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.FileOperations;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.strategy.FileIdempotentChangedRepositoryReadLockStrategy;
import org.apache.camel.component.file.strategy.GenericFileProcessStrategySupport;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * A failed file's read lock is released a poll after its attempt, and {@code HoldBackRoutePolicy} stops the inbox
 * route within milliseconds of that failure. A release scheduled while the route stops must still run: on the pool
 * Camel makes for the route it was rejected and dropped, the file's key stayed in the lock repository, and the file
 * was never taken again until a restart (seen as {@code FileFailureIT} timing out in clean-clone runs).
 */
class FileLockReleaseIT {

    /** Long enough that the stop waits on the first release while the second is scheduled. */
    private static final Duration POLL = Duration.ofSeconds(3);

    @RegisterExtension
    static final FileChannelGateway files = new FileChannelGateway(Duration.ZERO,
            Map.of("gateway.files.poll-interval", POLL.toMillis() + "ms"));

    @Test
    void releaseScheduledWhileTheInboxRouteStops_stillRuns() throws Exception {
        CamelContext camel = files.gateway().getBean(CamelContext.class);
        IdempotentRepository locks = files.gateway().getBean("fileInboxLocks", IdempotentRepository.class);
        FileEndpoint inbox = (FileEndpoint) camel.getRoute("intake-file").getEndpoint();
        // the consumer's own strategy, which the route's readLock options made (it has no getter)
        var strategy = (GenericFileProcessStrategySupport<File>) ReflectionTestUtils.getField(
                camel.getRoute("intake-file").getConsumer(), "processStrategy");
        var readLock = (FileIdempotentChangedRepositoryReadLockStrategy) strategy.getExclusiveReadLockStrategy();
        // a file looked up first, so the consumer has polled and its read lock is ready
        FileChannelHarness.drop(files.inbox(), "warm-up.txt",
                (String.join("\n", TestIds.valid(2, 41)) + "\n").getBytes(StandardCharsets.UTF_8));
        FileChannelHarness.await("warm-up.txt done", Duration.ofSeconds(60),
                () -> Files.exists(files.inbox().resolve(".done/warm-up.txt")));
        ScheduledExecutorService releases = readLock.getReadLockIdempotentReleaseExecutorService();
        locks.add("first");
        locks.add("second");

        release(readLock, inbox, "first.txt");
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                camel.getRouteController().stopRoute("intake-file");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        FileChannelHarness.await("the inbox route stopping", Duration.ofSeconds(10),
                () -> releases.isShutdown() || stopping.isDone());
        release(readLock, inbox, "second.txt");
        stopping.get(30, TimeUnit.SECONDS);

        FileChannelHarness.await("both locks released", POLL.multipliedBy(3),
                () -> !locks.contains("first") && !locks.contains("second"));
        assertThat(releases.isShutdown()).as("the release pool outlives the route").isFalse();
    }

    private static void release(FileIdempotentChangedRepositoryReadLockStrategy readLock, FileEndpoint inbox,
                                String name) throws Exception {
        GenericFile<File> file = FileConsumer.asGenericFile(files.inbox().toString(),
                files.inbox().resolve(name).toFile(), null, false);
        readLock.releaseExclusiveReadLockOnRollback(new FileOperations(inbox),
                file, new DefaultExchange(inbox.getCamelContext()));
    }
}
