// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import no.krrgateway.config.GatewayConfiguration.ClockConfiguration;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

/**
 * The KRR and Maskinporten simulator in a process of its own: docker compose's {@code simulator} (the jar
 * {@code target/simulator/krr-gateway-*-simulator.jar}) and the tests' SimulatorServer. Only the simulator's beans, no
 * gateway, and no login in front of its APIs. Its own profile keeps this class out of a gateway's component scan,
 * which finds it wherever the simulator is on the class path (the tests, the local run).
 */
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, SecurityAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class})
@Import(ClockConfiguration.class)
@Profile(SimulatorApplication.PROFILE)
public class SimulatorApplication {

    static final String PROFILE = "simulator-only";

    public static void main(String[] args) {
        run(args);
    }

    public static ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(SimulatorApplication.class).profiles("simulator", PROFILE).run(args);
    }
}
