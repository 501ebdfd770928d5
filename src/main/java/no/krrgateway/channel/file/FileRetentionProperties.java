// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxAge        delete inputs, outputs and error files older than this; at least an hour (unset: never)
 * @param checkInterval how often to look for them
 */
@Validated
@ConfigurationProperties("gateway.files.retention")
public record FileRetentionProperties(Duration maxAge, @NotNull @DefaultValue("1h") Duration checkInterval) {

    /** A minute-long retention would delete results before any reader collected them: surely a typo. */
    @AssertTrue(message = "gateway.files.retention.max-age must be at least 1h (or unset: files kept forever)")
    public boolean isMaxAgeAtLeastAnHour() {
        return maxAge == null || maxAge.compareTo(Duration.ofHours(1)) >= 0;
    }

    @AssertTrue(message = "gateway.files.retention.check-interval must be positive")
    public boolean isCheckIntervalPositive() {
        return checkInterval == null || (!checkInterval.isNegative() && !checkInterval.isZero());
    }
}
