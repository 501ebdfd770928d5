// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FileRetentionProperties.class)
public class FileRetentionConfiguration {

    @Bean
    FileRetention fileRetention(FileChannelProperties files, FileRetentionProperties retention, Clock clock) {
        return new FileRetention(files, retention.maxAge(), clock);
    }
}
