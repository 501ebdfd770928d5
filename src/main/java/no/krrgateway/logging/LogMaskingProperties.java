// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bound by {@link LogMasking} as soon as logging starts, before any bean exists; {@link PersonIdMasking#keepLastDigits}
 * refuses a value out of range there, so the gateway does not start.
 *
 * @param keepLastDigits last digits of a person id kept in logs for support, 0..4 (default 0: masked whole; the
 *                       first six, the birth date, are never kept)
 */
@ConfigurationProperties("gateway.logging")
public record LogMaskingProperties(@DefaultValue("0") int keepLastDigits) {
}
