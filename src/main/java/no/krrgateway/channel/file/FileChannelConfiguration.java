// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the file-drop channel: the {@code fileIntake} bean that route {@code intake-file} calls, sending its chunks
 * through the same {@code direct:lookup} as the Kafka channel, and the route's settings in Camel's units.
 * Off with {@code gateway.enabled=false}, like the rest of the gateway.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FileChannelProperties.class)
public class FileChannelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FileChannelConfiguration.class);

    @Bean
    FileIntake fileIntake(FileChannelProperties files, KrrProperties krr, CamelContext camel, OutcomeJson outcomeJson,
                          ObjectMapper mapper, Clock clock) {
        ProducerTemplate producer = camel.createProducerTemplate();
        FileIntake.Lookup lookup = work -> lookUp(producer, work);
        return new FileIntake(files, files.chunkSize(krr.batchSize(), krr.maxConcurrentCalls()), lookup,
                outcomeJson, mapper, clock);
    }

    @SuppressWarnings("unchecked")
    private static List<PersonOutcome> lookUp(ProducerTemplate producer, LookupWork work) {
        return producer.requestBody("direct:lookup", work, List.class);
    }

    /** Durations as the milliseconds that the file endpoint's options take. */
    @Bean
    CamelContextConfiguration fileRouteSettings(FileChannelProperties files) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                var settings = camelContext.getPropertiesComponent();
                settings.addInitialProperty("gateway.route.files-poll-ms",
                        String.valueOf(files.pollInterval().toMillis()));
                settings.addInitialProperty("gateway.route.files-read-lock-check-interval-ms",
                        String.valueOf(files.readLockCheckInterval().toMillis()));
                settings.addInitialProperty("gateway.route.files-read-lock-min-age-ms",
                        String.valueOf(files.readLockMinAge().toMillis()));
                settings.addInitialProperty("gateway.route.files-read-lock-timeout-ms",
                        String.valueOf(files.readLockTimeout().toMillis()));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    /** Tells whoever started the gateway where to drop files. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> fileChannelBanner(FileChannelProperties files) {
        return event -> log.info("File drop: put NAME.txt, NAME.csv or NAME.json in {}; results appear in {}, "
                        + "refused files in {}", files.inbox().toAbsolutePath().normalize(),
                files.outbox().toAbsolutePath().normalize(), files.error().toAbsolutePath().normalize());
    }
}
