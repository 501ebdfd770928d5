// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** Wiring for the simulator: its settings, and its synthetic population on the application's clock. */
@Profile("simulator")
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SimulatorProperties.class, SimulatorSigningProperties.class})
public class SimulatorConfig {

    @Bean
    SyntheticPopulation syntheticPopulation(Clock clock) {
        return new SyntheticPopulation(clock);
    }
}
