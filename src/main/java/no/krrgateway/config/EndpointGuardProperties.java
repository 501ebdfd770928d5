// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowHttp allow plain http to KRR and Maskinporten outside loopback, for a trusted network such as the
 *                  compose network with the simulator (default false: https required)
 */
@ConfigurationProperties("gateway.endpoints")
public record EndpointGuardProperties(boolean allowHttp) {
}
