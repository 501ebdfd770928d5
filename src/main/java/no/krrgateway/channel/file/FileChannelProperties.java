// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import no.krrgateway.config.Redact;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The file-drop channel (docs/contract.md §4). Folder defaults are in config/application.yml; an empty one is refused.
 *
 * @param inbox                  where users drop files; processed inputs move to {@code inbox/.done/}
 * @param outbox                 where the results and summaries appear
 * @param error                  where files that cannot be read move, each with {@code NAME.error.json}
 * @param maxSize                larger files are refused whole
 * @param chunkSize              ids looked up together; empty: enough to fill every KRR call slot
 * @param concurrentFiles        files processed side by side, at least 2 (the poll thread works on one)
 * @param pollInterval           pause between looks at the inbox
 * @param readLockCheckInterval  how often a new file is looked at to see whether it is still being written
 * @param readLockMinAge         a file is taken only when unchanged for at least this long
 * @param readLockTimeout        how long one poll waits for a file to settle
 * @param maxAttempts            tries of a file failing (not for KRR or Maskinporten) before PROCESSING_FAILED
 * @param inboxOwner             the inbox owner's claim ({@link InboxOwnership})
 * @param sharedInbox            several instances on one inbox, each file read-locked in a shared database table
 * @param permissions            the mode of written and moved files
 * @param retention              the deletion of old files
 */
@Validated
@ConfigurationProperties("gateway.files")
public record FileChannelProperties(
        @NotNull Path inbox,
        @NotNull Path outbox,
        @NotNull Path error,
        @DefaultValue("100MB") @NotNull DataSize maxSize,
        @Min(1) Integer chunkSize,
        @DefaultValue("2") @Min(2) int concurrentFiles,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("1s") @NotNull Duration readLockCheckInterval,
        @DefaultValue("5s") @NotNull Duration readLockMinAge,
        @DefaultValue("30s") @NotNull Duration readLockTimeout,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @Valid @DefaultValue InboxOwner inboxOwner,
        @Valid @DefaultValue SharedInbox sharedInbox,
        @Valid @DefaultValue Permissions permissions,
        @Valid @DefaultValue Retention retention) {

    /** Outputs written into the inbox would be read back as input; into its .done, mixed with the inputs done. */
    @AssertTrue(message = "gateway.files.inbox, .outbox and .error must be three different folders, neither of the "
            + "last two in inbox/.done")
    public boolean isFoldersDistinct() {
        return inbox == null || outbox == null || error == null
                || Stream.of(inbox, outbox, error).map(f -> f.toAbsolutePath().normalize()).distinct().count() == 3
                && Stream.of(outbox, error).noneMatch(f -> f.toAbsolutePath().normalize()
                        .startsWith(inbox.toAbsolutePath().normalize().resolve(FileIntake.DONE)));
    }

    /** Camel skips a file whose lock is not granted within the timeout, so the timeout must outlast the checks. */
    @AssertTrue(message = "gateway.files.read-lock-timeout must be longer than read-lock-min-age plus "
            + "read-lock-check-interval")
    public boolean isReadLockTimeoutLongEnough() {
        return readLockCheckInterval == null || readLockMinAge == null || readLockTimeout == null
                || readLockTimeout.compareTo(readLockMinAge.plus(readLockCheckInterval)) > 0;
    }

    public int chunkSize(int batchSize, int maxConcurrentCalls) {
        return chunkSize != null ? chunkSize : batchSize * maxConcurrentCalls;
    }

    /**
     * @param heartbeatInterval how often the owner refreshes its claim, and others look at it
     * @param takeoverAfter     a claim unchanged this long, as another instance sees it, is taken over
     */
    public record InboxOwner(@DefaultValue("5s") @NotNull Duration heartbeatInterval,
                             @DefaultValue("30s") @NotNull Duration takeoverAfter) {

        /** A missed heartbeat or two (a pause, a slow volume) must not hand a live owner's inbox to another. */
        @AssertTrue(message = "gateway.files.inbox-owner.takeover-after must be at least three times "
                + "gateway.files.inbox-owner.heartbeat-interval (which must be positive)")
        public boolean isTakeoverAfterSeveralHeartbeats() {
            return severalBeats(heartbeatInterval, takeoverAfter);
        }
    }

    /**
     * @param enabled           off: the read lock is in memory and only one instance may watch the inbox
     * @param jdbcUrl           the shared database, e.g. {@code jdbc:postgresql://db:5432/krr_gateway}
     * @param username          its user, if the URL does not carry one
     * @param password          its password (never logged)
     * @param name              this inbox in the lock table; the same for all instances of one inbox
     * @param keepAliveInterval how often an instance refreshes its files' locks
     * @param takeoverAfter     a lock not refreshed this long is taken over and the file done again, whole
     */
    public record SharedInbox(@DefaultValue("false") boolean enabled, String jdbcUrl, String username, String password,
            @DefaultValue("inbox") @NotBlank String name, @DefaultValue("5s") @NotNull Duration keepAliveInterval,
            @DefaultValue("30s") @NotNull Duration takeoverAfter) {

        /** Without the password (nor one in the JDBC URL), should anything print these settings. */
        @Override
        public String toString() {
            return "SharedInbox[enabled=" + enabled + ", jdbcUrl=" + Redact.url(jdbcUrl) + ", username="
                    + username + ", password=" + Redact.secret(password) + ", name=" + name
                    + ", keepAliveInterval=" + keepAliveInterval + ", takeoverAfter=" + takeoverAfter + "]";
        }

        @AssertTrue(message = "gateway.files.shared-inbox.jdbc-url is required when "
                + "gateway.files.shared-inbox.enabled is true")
        public boolean isJdbcUrlSetWhenEnabled() {
            return !enabled || (jdbcUrl != null && !jdbcUrl.isBlank());
        }

        /** One missed refresh (a pause, a slow database) must not hand a live instance's file to another. */
        @AssertTrue(message = "gateway.files.shared-inbox.takeover-after must be at least three times "
                + "gateway.files.shared-inbox.keep-alive-interval (which must be positive)")
        public boolean isTakeoverAfterSeveralKeepAlives() {
            return severalBeats(keepAliveInterval, takeoverAfter);
        }
    }

    /** @param group what the group of written and moved files may do: none (owner-only), read or read-write */
    public record Permissions(@NotNull @DefaultValue("none") FilePermissions.GroupAccess group) {
    }

    /**
     * @param maxAge        delete inputs, outputs and error files older than this; at least an hour (unset: never)
     * @param checkInterval how often to look for them
     */
    public record Retention(
            // a minute-long retention would delete results before any reader collected them: surely a typo
            @DurationMin(hours = 1, message = "gateway.files.retention.max-age must be at least 1h (or unset: files "
                    + "kept forever)") Duration maxAge,
            @DurationMin(nanos = 1, message = "gateway.files.retention.check-interval must be positive")
            @NotNull @DefaultValue("1h") Duration checkInterval) {
    }

    /** An unset value is @NotNull's to report. */
    private static boolean severalBeats(Duration interval, Duration takeoverAfter) {
        return interval == null || takeoverAfter == null || (!interval.isNegative() && !interval.isZero()
                && takeoverAfter.compareTo(interval.multipliedBy(3)) >= 0);
    }
}
