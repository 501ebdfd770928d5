// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import no.krrgateway.channel.file.FileChannelProperties.Retention;
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

    /**
     * A refused input whose own time is older than max-age (an export made days before it was dropped, moved with
     * {@code mv}): kept as long as its report, for max-age from its refusal. Before, the move kept its time and the
     * next sweep deleted it, leaving a report about a file nobody could fix and drop again.
     */
    @Test
    void sweep_refusedInputMadeLongBeforeItWasDropped_keptAsLongAsItsReport() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = file(fixture.inbox.resolve("ids.xml"), Duration.ofDays(40));
        var properties = fixture.properties(10, org.springframework.util.unit.DataSize.ofKilobytes(1));
        fixture.intake(10, org.springframework.util.unit.DataSize.ofKilobytes(1)).process(input.toFile());
        assertThat(FileIntakeFixture.names(fixture.error)).containsExactly("ids.error.json", "ids.xml");

        new FileRetention(properties, Duration.ofDays(30), FileIntakeFixture.CLOCK).sweep(); // refused at its time

        assertThat(FileIntakeFixture.names(fixture.error)).containsExactly("ids.error.json", "ids.xml");
    }

    /**
     * A refused link (moved as the link itself, never followed) goes with its report, by the time of its refusal, not
     * its own (the dropper's), and never its target. Before, retention skipped all but regular files: its report went
     * and the link stayed in the error folder for ever, with no word why it was there.
     */
    @Test
    void sweep_refusedLink_keptAsLongAsItsReportThenDeletedWithIt() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path target = file(root.resolve("elsewhere.txt"), Duration.ofDays(90));
        Files.createDirectories(fixture.inbox);
        Path link = Files.createSymbolicLink(fixture.inbox.resolve("link.txt"), target);
        Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(NOW.minus(Duration.ofDays(90))), null, null);
        var properties = fixture.properties(10, org.springframework.util.unit.DataSize.ofKilobytes(1));
        fixture.intake(10, org.springframework.util.unit.DataSize.ofKilobytes(1)).process(link.toFile());
        assertThat(FileIntakeFixture.names(fixture.error)).containsExactly("link.error.json", "link.txt");

        new FileRetention(properties, Duration.ofDays(30), FileIntakeFixture.CLOCK).sweep();
        assertThat(FileIntakeFixture.names(fixture.error)).containsExactly("link.error.json", "link.txt");

        new FileRetention(properties, Duration.ofDays(30), Clock.offset(Clock.systemUTC(), Duration.ofDays(31)))
                .sweep();
        assertThat(FileIntakeFixture.names(fixture.error)).isEmpty();
        assertThat(target).hasContent("x");
    }

    /**
     * {@code .done} swapped for a link to a folder holding files of the same names while the sweep goes through it
     * (right after its first delete, seen through inotify; thousands of files, so the sweep is far from done then):
     * deleting by paths resolved again would go on in the folder the link points to.
     */
    @Test
    void sweep_doneSwappedForALinkMidSweep_nothingDeletedWhereTheLinkPoints() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path done = fixture.inbox.resolve(FileIntake.DONE);
        Path elsewhere = root.resolve("elsewhere");
        int count = 5000;
        for (int i = 0; i < count; i++) {
            file(done.resolve("f" + i + ".txt"), Duration.ofDays(40));
            file(elsewhere.resolve("f" + i + ".txt"), Duration.ofDays(40));
        }
        var retention = new FileRetention(fixture.properties(10, org.springframework.util.unit.DataSize.ofKilobytes(1)),
                Duration.ofDays(30), CLOCK);

        try (WatchService watcher = done.getFileSystem().newWatchService()) {
            done.register(watcher, StandardWatchEventKinds.ENTRY_DELETE);
            CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(retention::sweep);
            assertThat(watcher.poll(60, TimeUnit.SECONDS)).as("the sweep's first delete").isNotNull();
            Files.move(done, fixture.inbox.resolve(".done-real"));
            Files.createSymbolicLink(done, elsewhere);

            assertThat(sweep.get(60, TimeUnit.SECONDS)).isEqualTo(count);
        }

        try (var left = Files.list(elsewhere)) {
            assertThat(left.count()).as("files where the link points").isEqualTo(count);
        }
        assertThat(fixture.inbox.resolve(".done-real")).isEmptyDirectory();
    }

    /**
     * A file's results are written a moment before its summary, so a sweep could fall between their times: the results
     * went and the summary stayed until the next sweep, a summary beside results that are not there. They go together.
     */
    @Test
    void sweep_resultsOlderThanMaxAgeTheirSummaryNot_keptUntilTheSummaryGoesToo() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Duration maxAge = Duration.ofDays(30);
        Path jsonl = file(fixture.outbox.resolve("a.results.jsonl"), maxAge.plusSeconds(2));
        Path csv = file(fixture.outbox.resolve("a.results.csv"), maxAge.plusSeconds(1));
        Path summary = file(fixture.outbox.resolve("a.summary.json"), maxAge.minusSeconds(1));
        var properties = fixture.properties(10, org.springframework.util.unit.DataSize.ofKilobytes(1));

        assertThat(new FileRetention(properties, maxAge, CLOCK).sweep()).isZero();
        assertThat(jsonl).exists();
        assertThat(csv).exists();
        assertThat(summary).exists();

        Clock later = Clock.offset(CLOCK, Duration.ofHours(1));
        assertThat(new FileRetention(properties, maxAge, later).sweep()).isEqualTo(3);
        assertThat(FileIntakeFixture.names(fixture.outbox)).isEmpty();
    }

    @Test
    void sweep_retentionOff_deletesNothing() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path old = file(fixture.outbox.resolve("a.results.csv"), Duration.ofDays(4000));

        var retention = new FileRetention(fixture.properties(10, org.springframework.util.unit.DataSize.ofKilobytes(1)), null, CLOCK);

        assertThat(retention.sweep()).isZero();
        assertThat(old).exists();
    }

    @Test
    void properties_maxAgeUnderAnHour_refused() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        assertThat(validator.validate(new Retention(Duration.ofMinutes(5), Duration.ofHours(1))))
                .extracting(ConstraintViolation::getMessage)
                .containsExactly("gateway.files.retention.max-age must be at least 1h (or unset: files kept forever)");
        assertThat(validator.validate(new Retention(null, Duration.ofHours(1)))).isEmpty();
        assertThat(validator.validate(new Retention(null, Duration.ZERO))).extracting(ConstraintViolation::getMessage)
                .containsExactly("gateway.files.retention.check-interval must be positive");
    }

    private static Path file(Path path, Duration age) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "x");
        Files.setLastModifiedTime(path, FileTime.from(NOW.minus(age)));
        return path;
    }
}
