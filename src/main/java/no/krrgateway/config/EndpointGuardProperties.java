// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowHttp allow plain http to KRR and Maskinporten outside loopback, for a trusted network such as the
 *                  compose network with the simulator
 */
@ConfigurationProperties("gateway.endpoints")
public record EndpointGuardProperties(@DefaultValue("false") boolean allowHttp) {
}
