// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: in exactly-once, intake reads read_committed. A request an upstream producer wrote in a transaction it
 * then aborted was never sent: it is not looked up and gets no outcome, while the request after it on the same
 * partition is answered.
 */
class UpstreamAbortedRequestsIT {

    @Test
    void requestOfAnAbortedUpstreamTransaction_neverLookedUp() throws Exception {
        var topics = TestBroker.createTopics("upstream-abort", 1);
        List<String> abortedIds = TestIds.valid(3, 2511);
        try (var upstream = new KafkaProducer<String, String>(transactional())) {
            upstream.initTransactions();
            upstream.beginTransaction();
            upstream.send(new ProducerRecord<>(topics.requests(), "{\"requestId\":\"aborted\","
                    + "\"personidentifikatorer\":[\"" + String.join("\",\"", abortedIds) + "\"]}")).get();
            upstream.abortTransaction();
        }
        var requests = new RequestProducer(topics.requests());
        requests.send("after", TestIds.valid(2, 2512), null);

        try (var simulator = SimulatorServer.start(Map.of());
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "upstream-abort");
            properties.put("gateway.kafka.delivery", "exactly-once");
            try (var gateway = GatewayProcess.start(properties)) {
                // the request after the aborted one answered
                var outcomes = collector.awaitEach(requests.expected().keySet(), Duration.ofSeconds(90));
                assertThat(outcomes).as("outcomes of the aborted request")
                        .noneMatch(outcome -> outcome.value().path("requestId").asText().equals("aborted"));
                assertThat(simulator.stats().path("krrIdsRequested").asLong())
                        .as("ids KRR was asked for: only the request after it").isEqualTo(2);
            }
        }
    }

    private static Properties transactional() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "upstream-abort-producer");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }
}
