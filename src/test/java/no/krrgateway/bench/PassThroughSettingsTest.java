// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.yaml.snakeyaml.Yaml;

/** The bench's pass-through must produce as the gateway does, or scenario b's ratio compares different producers. */
class PassThroughSettingsTest {

    @Test
    @SuppressWarnings("unchecked")
    void passThroughProducer_matchesTheGatewaysProducerSettings() throws Exception {
        Map<String, Object> kafka;
        try (Reader yaml = Files.newBufferedReader(Path.of("config", "application.yml"))) {
            Map<String, Object> root = new Yaml().load(yaml);
            kafka = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) root.get("camel"))
                    .get("component")).get("kafka");
        }
        // and with as many consumers as the gateway has by default
        assertThat(Binder.get(new StandardEnvironment()).bindOrCreate("gateway.kafka", KafkaChannelProperties.class)
                .consumers()).isEqualTo(KafkaScenario.GATEWAY_DEFAULT_CONSUMERS);
        assertThat(kafka.get("compression-codec")).isEqualTo(KafkaScenario.PRODUCER_COMPRESSION);
        assertThat(kafka.get("producer-batch-size")).isEqualTo(KafkaScenario.PRODUCER_BATCH_SIZE);
        assertThat(kafka.get("linger-ms")).isEqualTo(KafkaScenario.PRODUCER_LINGER_MS);
    }
}
