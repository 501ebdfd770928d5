// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The gateway's entry point: Camel routes from {@code routes/}, configuration from {@code config/}. No application
 * DataSource: the only database, a shared inbox's lock table, is optional and has its own pool.
 */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
@ConfigurationPropertiesScan("no.krrgateway.simulator")
public class KrrGatewayApplication {
    public static void main(String[] args) {
        SpringApplication.run(KrrGatewayApplication.class, args);
    }
}
