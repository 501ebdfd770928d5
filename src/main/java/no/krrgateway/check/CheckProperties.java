// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code check} command (docs/operations.md, "Preflight check").
 *
 * @param testPerson the person id {@code check} looks up in KRR, the only one it ever prints
 */
@ConfigurationProperties("gateway.check")
public record CheckProperties(String testPerson) {
}
