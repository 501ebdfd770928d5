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
 * Several gateway instances watching one inbox (a shared volume). Each file is read-locked in a table of a shared
 * database (camel-sql's orphan-lock-aware idempotent repository), so exactly one instance works on it at a time.
 *
 * @param enabled           off: the read lock is kept in memory and only one instance may watch the
 *                          inbox
 * @param jdbcUrl           the shared database, e.g. {@code jdbc:postgresql://db:5432/krr_gateway}
 * @param username          its user, if the URL does not carry one
 * @param password          its password (never logged)
 * @param name              names this inbox in the lock table, so that gateways of different inboxes can share
 *                          one database; all instances of one inbox must use the same name
 * @param keepAliveInterval how often an instance refreshes the locks of the files it is working on
 * @param takeoverAfter     a lock not refreshed for this long belongs to an instance that died: another takes the
 *                          file over and writes its outputs again, whole
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
        if (keepAliveInterval == null || takeoverAfter == null) {
            return true;
        }
        return !keepAliveInterval.isNegative() && !keepAliveInterval.isZero()
                && takeoverAfter.compareTo(keepAliveInterval.multipliedBy(3)) >= 0;
    }
}
