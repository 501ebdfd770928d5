// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code fileRetention} bean that route {@code file-retention} calls, and the route's timer in milliseconds. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FileRetentionProperties.class)
public class FileRetentionConfiguration {

    @Bean
    FileRetention fileRetention(FileChannelProperties files, FileRetentionProperties retention, Clock clock) {
        return new FileRetention(files, retention.maxAge(), clock);
    }

    @Bean
    CamelContextConfiguration fileRetentionSettings(FileRetentionProperties retention) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                var settings = camelContext.getPropertiesComponent();
                settings.addInitialProperty("gateway.route.files-retention-ms",
                        String.valueOf(retention.checkInterval().toMillis()));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
