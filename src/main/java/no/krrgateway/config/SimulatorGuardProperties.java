// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowRemote the KRR and Maskinporten endpoints off loopback are a simulator (in another container): the HTTP
 *                    API may then run without authentication ({@link EndpointGuard})
 */
@ConfigurationProperties("gateway.simulator")
public record SimulatorGuardProperties(@DefaultValue("false") boolean allowRemote) {
}
