// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code fileRetention} bean that route {@code file-retention} calls. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FileRetentionProperties.class)
public class FileRetentionConfiguration {

    @Bean
    FileRetention fileRetention(FileChannelProperties files, FileRetentionProperties retention, Clock clock) {
        return new FileRetention(files, retention.maxAge(), clock);
    }
}
