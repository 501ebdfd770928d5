// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.krrgateway.channel.file.FilePermissions.GroupAccess;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A finished file's read lock is released a poll later (route intake-file), on a pool that outlives the route. At
 * shutdown a release still waiting must run while a shared inbox's lock database is open: Camel stops its services
 * (the lock repository, closing its connection pool) before the pools it made, so the release failed silently and the
 * lock row stayed until another instance took it over.
 */
class FileLockReleasesTest {

    @TempDir
    Path root;

    @Test
    void releaseWaitingAtShutdown_runsBeforeTheLockDatabaseCloses() throws Exception {
        var shared = new FileChannelProperties.SharedInbox(true, "jdbc:h2:mem:" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", "", "inbox", Duration.ofSeconds(5), Duration.ofSeconds(30));
        var files = new FileChannelProperties(root.resolve("inbox"), root.resolve("outbox"), root.resolve("error"),
                DataSize.ofMegabytes(1), null, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 3, null, shared, new FileChannelProperties.Permissions(GroupAccess.NONE), null);
        var camel = new DefaultCamelContext();
        camel.start();
        var configuration = new FileChannelConfiguration();
        IdempotentRepository locks = configuration.fileInboxLocks(files, camel, new SimpleMeterRegistry());
        ScheduledExecutorService releases = configuration.fileLockReleases(camel, locks);
        assertThat(locks.add("ids")).isTrue();
        releases.schedule(() -> locks.remove("ids"), 500, TimeUnit.MILLISECONDS);

        camel.stop();

        try (Connection db = DriverManager.getConnection(shared.jdbcUrl(), "sa", "");
             ResultSet rows = db.createStatement().executeQuery("SELECT COUNT(*) FROM " + InboxLockRepository.TABLE)) {
            rows.next();
            assertThat(rows.getInt(1)).as("lock rows left after the stop").isZero();
        }
    }
}
