// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import no.krrgateway.check.PreflightCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;

/** No application DataSource: the only database (a shared inbox's lock table) is optional and has its own pool. */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
public class KrrGatewayApplication {
    public static void main(String[] args) {
        if (args.length > 0 && PreflightCommand.NAME.equals(args[0])) {
            System.exit(PreflightCommand.run(args, System.out));
        }
        SpringApplication.run(KrrGatewayApplication.class, args);
    }
}
