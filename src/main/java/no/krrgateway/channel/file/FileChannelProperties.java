// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
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
        @DefaultValue("3") @Min(1) int maxAttempts) {

    /** Outputs written into the inbox would be read back as input. */
    @AssertTrue(message = "gateway.files.inbox, .outbox and .error must be three different folders")
    public boolean isFoldersDistinct() {
        if (inbox == null || outbox == null || error == null) {
            return true;
        }
        Path in = inbox.toAbsolutePath().normalize();
        Path out = outbox.toAbsolutePath().normalize();
        Path err = error.toAbsolutePath().normalize();
        return !in.equals(out) && !in.equals(err) && !out.equals(err);
    }

    /** Camel skips a file whose lock is not granted within the timeout, so the timeout must outlast the checks. */
    @AssertTrue(message = "gateway.files.read-lock-timeout must be longer than read-lock-min-age plus "
            + "read-lock-check-interval")
    public boolean isReadLockTimeoutLongEnough() {
        if (readLockCheckInterval == null || readLockMinAge == null || readLockTimeout == null) {
            return true;
        }
        return readLockTimeout.compareTo(readLockMinAge.plus(readLockCheckInterval)) > 0;
    }

    public int chunkSize(int batchSize, int maxConcurrentCalls) {
        return chunkSize != null ? chunkSize : batchSize * maxConcurrentCalls;
    }
}
