// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code check} command (docs/operations.md, "Preflight check").
 *
 * @param testPerson the person id {@code check} looks up in KRR, and the only person id it ever prints: a synthetic
 *                   test person in Digdir's test environment, or a person the organisation may look up (default none:
 *                   the KRR check fails and asks for one)
 */
@ConfigurationProperties("gateway.check")
public record CheckProperties(String testPerson) {
}
