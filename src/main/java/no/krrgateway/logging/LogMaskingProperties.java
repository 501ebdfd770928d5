// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound by {@link LogMasking} as soon as logging starts, before any bean exists.
 *
 * @param keepLastDigits last digits of a person id kept in logs for support, 0..4 (default 0: masked whole; the
 *                       first six, the birth date, are never kept)
 */
@ConfigurationProperties("gateway.logging")
public record LogMaskingProperties(@DefaultValue("0") int keepLastDigits) {

    public LogMaskingProperties {
        if (keepLastDigits < 0 || keepLastDigits > PersonIdMasking.MAX_KEEP_LAST_DIGITS) {
            throw new IllegalArgumentException("gateway.logging.keep-last-digits must be 0.."
                    + PersonIdMasking.MAX_KEEP_LAST_DIGITS + ", was " + keepLastDigits);
        }
    }
}
