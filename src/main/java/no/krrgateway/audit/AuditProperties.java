// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import jakarta.validation.constraints.AssertTrue;
import java.nio.charset.StandardCharsets;
import no.krrgateway.config.Redact;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail: one event per lookup request on logger {@value AuditTrail#LOGGER}.
 *
 * @param enabled    write audit events
 * @param hmacSecret when set, events list a keyed hash of every id looked up; at least 32 bytes (unset: none)
 */
@Validated
@ConfigurationProperties("gateway.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, String hmacSecret) {

    public boolean hmacEnabled() {
        return hmacSecret != null && !hmacSecret.isEmpty();
    }

    /** A short secret could be found by trying: 11-digit ids leave few candidates to hash. */
    @AssertTrue(message = "gateway.audit.hmac-secret must be at least 32 bytes when set")
    public boolean isHmacSecretLongEnough() {
        return !hmacEnabled() || hmacSecret.getBytes(StandardCharsets.UTF_8).length >= 32;
    }

    @Override
    public String toString() {
        return "AuditProperties[enabled=" + enabled + ", hmacSecret=" + Redact.secret(hmacSecret) + "]";
    }
}
