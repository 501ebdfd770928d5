// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import jakarta.validation.constraints.AssertTrue;
import java.nio.charset.StandardCharsets;
import no.krrgateway.config.Redact;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled    write audit events, one per lookup request, on logger {@value AuditTrail#LOGGER}
 * @param hmacSecret when set, events list a keyed hash of every id looked up; at least 32 bytes
 */
@Validated
@ConfigurationProperties("gateway.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, String hmacSecret) {

    public boolean hmacEnabled() {
        return hmacSecret != null && !hmacSecret.isEmpty();
    }

    /** 11-digit ids leave few candidates: a short secret could be found by trying. */
    @AssertTrue(message = "gateway.audit.hmac-secret must be at least 32 bytes when set")
    public boolean isHmacSecretLongEnough() {
        return !hmacEnabled() || hmacSecret.getBytes(StandardCharsets.UTF_8).length >= 32;
    }

    @Override
    public String toString() {
        return "AuditProperties[enabled=" + enabled + ", hmacSecret=" + Redact.secret(hmacSecret) + "]";
    }
}
