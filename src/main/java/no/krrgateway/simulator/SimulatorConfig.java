// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** Wiring for the simulator: its synthetic population, and a system clock when the application defines none. */
@Profile("simulator")
@Configuration(proxyBeanMethods = false)
public class SimulatorConfig {

    @Bean
    @ConditionalOnMissingBean
    Clock systemClock() {
        return Clock.systemUTC();
    }

    @Bean
    SyntheticPopulation syntheticPopulation(Clock clock) {
        return new SyntheticPopulation(clock);
    }
}
