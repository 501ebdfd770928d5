// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention removes only what is old enough, only where it should, and nothing while it is off. */
class FileRetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-27T01:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path root;

    @Test
    void sweep_filesOlderThanMaxAge_deletedOthersKept() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path done = fixture.inbox.resolve(FileIntake.DONE);
        Path oldDone = file(done.resolve("a.txt"), Duration.ofDays(31));
        Path newDone = file(done.resolve("b.txt"), Duration.ofDays(29));
        Path oldOutput = file(fixture.outbox.resolve("a.results.csv"), Duration.ofDays(40));
        Path newOutput = file(fixture.outbox.resolve("b.results.csv"), Duration.ofHours(1));
        Path oldError = file(fixture.error.resolve("c.error.json"), Duration.ofDays(31));
        Path oldWaiting = file(fixture.inbox.resolve("waiting.txt"), Duration.ofDays(90));
        Path oldInSubfolder = file(fixture.outbox.resolve("archive/x.csv"), Duration.ofDays(90));
        Path oldElsewhere = file(root.resolve("elsewhere.txt"), Duration.ofDays(90));
        Path link = Files.createSymbolicLink(fixture.outbox.resolve("link.csv"), oldElsewhere);

        var retention = new FileRetention(fixture.properties(10, org.springframework.util.unit.DataSize.ofKilobytes(1)), Duration.ofDays(30), CLOCK);

        assertThat(retention.sweep()).isEqualTo(3);
        assertThat(oldDone).doesNotExist();
        assertThat(oldOutput).doesNotExist();
        assertThat(oldError).doesNotExist();
        assertThat(newDone).exists();
        assertThat(newOutput).exists();
        assertThat(oldWaiting).as("the inbox itself is never swept").exists();
        assertThat(oldInSubfolder).as("sub-folders are not swept").exists();
        assertThat(oldElsewhere).as("a link's target is never touched").exists();
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void sweep_retentionOff_deletesNothing() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path old = file(fixture.outbox.resolve("a.results.csv"), Duration.ofDays(4000));

        var retention = new FileRetention(fixture.properties(10, org.springframework.util.unit.DataSize.ofKilobytes(1)), null, CLOCK);

        assertThat(retention.enabled()).isFalse();
        assertThat(retention.sweep()).isZero();
        assertThat(old).exists();
    }

    @Test
    void properties_maxAgeUnderAnHour_refused() {
        assertThat(new FileRetentionProperties(Duration.ofMinutes(5), Duration.ofHours(1)).isMaxAgeAtLeastAnHour())
                .isFalse();
        assertThat(new FileRetentionProperties(null, Duration.ofHours(1)).isMaxAgeAtLeastAnHour()).isTrue();
    }

    private static Path file(Path path, Duration age) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "x");
        Files.setLastModifiedTime(path, FileTime.from(NOW.minus(age)));
        return path;
    }
}
