// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Read whether or not the simulator runs in this process: the local profile is guarded too. The simulator's own
 * settings, under the same prefix, are {@code SimulatorProperties}.
 *
 * @param allowRemote let the simulator or local profile start next to KRR or Maskinporten endpoints off loopback,
 *                    e.g. a simulator in another container
 */
@ConfigurationProperties("gateway.simulator")
public record SimulatorGuardProperties(@DefaultValue("false") boolean allowRemote) {
}
