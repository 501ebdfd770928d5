// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import no.krrgateway.config.Redact;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Several instances on one inbox, each file read-locked in a shared database table.
 *
 * @param enabled           off: the read lock is in memory and only one instance may watch the inbox
 * @param jdbcUrl           the shared database, e.g. {@code jdbc:postgresql://db:5432/krr_gateway}
 * @param username          its user, if the URL does not carry one
 * @param password          its password (never logged)
 * @param name              this inbox in the lock table; the same for all instances of one inbox
 * @param keepAliveInterval how often an instance refreshes its files' locks
 * @param takeoverAfter     a lock not refreshed this long is taken over and the file done again, whole
 */
@Validated
@ConfigurationProperties("gateway.files.shared-inbox")
public record SharedInboxProperties(
        @DefaultValue("false") boolean enabled,
        String jdbcUrl,
        String username,
        String password,
        @DefaultValue("inbox") @NotBlank String name,
        @DefaultValue("5s") @NotNull Duration keepAliveInterval,
        @DefaultValue("30s") @NotNull Duration takeoverAfter) {

    /** Without the password (nor one in the JDBC URL), should anything print these settings. */
    @Override
    public String toString() {
        return "SharedInboxProperties[enabled=" + enabled + ", jdbcUrl=" + Redact.url(jdbcUrl) + ", username="
                + username + ", password=" + Redact.secret(password) + ", name=" + name
                + ", keepAliveInterval=" + keepAliveInterval + ", takeoverAfter=" + takeoverAfter + "]";
    }

    @AssertTrue(message = "gateway.files.shared-inbox.jdbc-url is required when gateway.files.shared-inbox.enabled "
            + "is true")
    public boolean isJdbcUrlSetWhenEnabled() {
        return !enabled || (jdbcUrl != null && !jdbcUrl.isBlank());
    }

    /** One missed refresh (a pause, a slow database) must not hand a live instance's file to another. */
    @AssertTrue(message = "gateway.files.shared-inbox.takeover-after must be at least three times "
            + "gateway.files.shared-inbox.keep-alive-interval (which must be positive)")
    public boolean isTakeoverAfterSeveralKeepAlives() {
        return InboxOwnerProperties.severalBeats(keepAliveInterval, takeoverAfter);
    }
}
