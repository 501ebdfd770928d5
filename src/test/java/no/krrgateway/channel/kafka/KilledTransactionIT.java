// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: an exactly-once instance killed between sending a batch's offsets to its transaction and committing it
 * leaves that transaction open. Its consumer group's offset fetch (read_committed) then waits until the transaction
 * ends, so the restarted instance must abort it before its first poll, with a producer of the same transactional id;
 * before, that producer was made at the batch's first write, which never came, and the instance stood still for the
 * whole transaction timeout (ExactlyOnceIT saw a restart publish nothing for 3 minutes).
 */
class KilledTransactionIT {

    private static final String GROUP = "eos-killed";
    private static final String INSTANCE = "restarted";

    @Test
    void restartAfterAKillMidCommit_abortsTheLeftTransactionBeforeItsFirstPoll() throws Exception {
        var topics = TestBroker.createTopics(GROUP, 1);
        var requests = new RequestProducer(topics.requests());
        requests.send("after-restart", TestIds.valid(3, 2530), null);

        // the killed instance's batch: an outcome sent and the group's offset in its transaction, never committed
        try (var killed = new KafkaProducer<String, String>(transactional(GROUP + "-" + INSTANCE + "-0"));
             var simulator = SimulatorServer.start(Map.of());
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            killed.initTransactions();
            killed.beginTransaction();
            killed.send(new ProducerRecord<>(topics.results(), "{\"requestId\":\"killed\"}")).get();
            killed.sendOffsetsToTransaction(Map.of(new TopicPartition(topics.requests(), 0), new OffsetAndMetadata(0)),
                    new ConsumerGroupMetadata(GROUP));

            Map<String, Object> properties = simulator.gatewayProperties(topics, GROUP);
            properties.put("gateway.kafka.delivery", "exactly-once");
            properties.put("gateway.kafka.instance-id", INSTANCE);
            try (var gateway = GatewayProcess.start(properties)) {
                // well under the left transaction's timeout of 3 minutes, which would end it without the fix
                var outcomes = collector.awaitEach(requests.expected().keySet(), Duration.ofSeconds(75));
                assertThat(outcomes).as("the killed instance's outcome, aborted, and each id once")
                        .hasSize(requests.expected().size());
            }
        }
    }

    private static Properties transactional(String transactionalId) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(3).toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }
}
