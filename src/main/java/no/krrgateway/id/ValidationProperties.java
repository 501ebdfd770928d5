// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.id;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How strictly ids are checked.
 *
 * @param allowSynthetic accept synthetic test ids (+40 or +80 on the month); true in the local and test profiles,
 *                       false in production (default false)
 */
@ConfigurationProperties("gateway.validation")
public record ValidationProperties(boolean allowSynthetic) {
}
