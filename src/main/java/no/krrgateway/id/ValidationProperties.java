// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.id;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How strictly ids are checked.
 *
 * @param allowSynthetic accept synthetic test ids (+40 or +80 on the month); true in the local and test profiles,
 *                       false in production
 */
@ConfigurationProperties("gateway.validation")
public record ValidationProperties(@DefaultValue("false") boolean allowSynthetic) {
}
