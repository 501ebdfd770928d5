// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import no.krrgateway.maskinporten.MaskinportenProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

    @Bean
    AuditTrail auditTrail(Clock clock, ObjectMapper mapper, MaskinportenProperties maskinporten,
                          AuditProperties properties) {
        return new AuditTrail(clock, mapper, maskinporten.consumerOrg(), properties);
    }
}
