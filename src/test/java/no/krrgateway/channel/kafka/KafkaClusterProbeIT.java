// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import no.krrgateway.support.TestBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The lag gauge per request topic (the main one and each tenant's) shows that topic's lag, not another's. */
class KafkaClusterProbeIT {

    @Test
    void lag_ofTwoTopicsWithinTheCachePeriod_eachItsOwn() throws Exception {
        String main = TestBroker.createTopic("probe-lag-main", 2);
        String tenant = TestBroker.createTopic("probe-lag-tenant", 1);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(i < 3 ? main : tenant, "request " + i)).get();
            }
        }
        Properties client = new Properties();
        client.put("bootstrap.servers", TestBroker.bootstrapServers());

        try (var probe = new KafkaClusterProbe(() -> client,
                new KafkaClusterProbe.Settings(Duration.ofSeconds(10), Duration.ofMinutes(5)), Clock.systemUTC())) {
            assertThat(probe.lag("probe-lag-group", main)).isEqualTo(3);
            assertThat(probe.lag("probe-lag-group", tenant)).isEqualTo(2);
            assertThat(probe.lag("probe-lag-group", main)).as("from the cache").isEqualTo(3);
        }
    }
}
