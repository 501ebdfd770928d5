// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.management.ObjectName;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.OutcomeCollector.Outcome;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rebalance while a batch gathers, with an eager assignor: every partition is revoked and assigned again, and the
 * consumer reads it again from its committed offset, while camel-kafka keeps the records it had gathered. Each id
 * still gets exactly one outcome, and its request one completion record counting them, in both delivery modes.
 */
class RebalanceWhileGatheringIT {

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void partitionRevokedAndAssignedAgainWhileGathering_eachIdOnce(String delivery) throws Exception {
        String group = "gathering-" + delivery;
        var topics = TestBroker.createTopics(group, 1);
        Map<String, Object> properties = simulator.gatewayProperties(topics, group);
        properties.put("gateway.kafka.delivery", delivery);
        properties.put("gateway.kafka.instance-id", group);
        properties.put("gateway.kafka.partition-assignor", RangeAssignor.class.getName());
        // a batch goes at the first empty poll 20 s after its first record: time for two rebalances meanwhile
        properties.put("gateway.kafka.poll-timeout", "20s");
        properties.put("gateway.krr.batch-timeout", "10m");
        RequestProducer requests = new RequestProducer(topics.requests());
        try (var gateway = GatewayProcess.start(properties);
             var outcomes = new OutcomeCollector(topics.results(), topics.errors());
             var completions = new OutcomeCollector(topics.completed())) {
            requests.send("gathered", TestIds.valid(5, 191), null);
            await().atMost(Duration.ofSeconds(30)).until(() -> consumed(group) >= 1);

            // another member joins (its partition, if any, left uncommitted) and leaves: two eager rebalances
            try (var intruder = intruder(group)) {
                intruder.subscribe(List.of(topics.requests()));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    intruder.poll(Duration.ofMillis(100));
                    return intruder.groupMetadata().generationId() > 0;
                });
            }

            List<Outcome> written = outcomes.awaitAtLeast(5, Duration.ofSeconds(90));
            List<Outcome> completed = completions.awaitAtLeast(1, Duration.ofSeconds(30));
            written = outcomes.drain(Duration.ofSeconds(3));
            completed = completions.drain(Duration.ofSeconds(1));

            assertThat(gateway.getBean(MeterRegistry.class).counter("gateway.kafka.rebalances", "event", "revoked")
                    .count()).as("the gateway's partition revoked while the batch gathered").isPositive();
            assertThat(OutcomeCollector.countByRequestAndId(written)).as("one outcome per id")
                    .hasSize(5).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            assertThat(completed).as("one completion record").hasSize(1);
            assertThat(completed.get(0).value().get("ids").asLong()).as("its ids").isEqualTo(5);
        }
    }

    /**
     * Away and back within one gather: another owner takes a partition, finishes its records (commits past them) and
     * leaves; the partition comes back with nothing to read again, beside the records gathered of it before. Those are
     * that owner's, done: answering them again is a duplicate (exactly-once: one every reader sees).
     */
    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void partitionDoneByAnotherOwnerWhileGathering_notAnsweredAgain(String delivery) throws Exception {
        String group = "away-" + delivery;
        var topics = TestBroker.createTopics(group, 2);
        Map<String, Object> properties = simulator.gatewayProperties(topics, group);
        properties.put("gateway.kafka.delivery", delivery);
        properties.put("gateway.kafka.instance-id", group);
        properties.put("gateway.kafka.consumers", "1");
        properties.put("gateway.kafka.partition-assignor", RangeAssignor.class.getName());
        properties.put("gateway.kafka.poll-timeout", "20s");
        properties.put("gateway.krr.batch-timeout", "10m");
        try (var gateway = GatewayProcess.start(properties);
             var outcomes = new OutcomeCollector(topics.results(), topics.errors());
             var completions = new OutcomeCollector(topics.completed());
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     TestBroker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            List<String> ids = TestIds.valid(4, 231);
            for (int partition = 0; partition < 2; partition++) {
                producer.send(new ProducerRecord<>(topics.requests(), partition, null, "{\"requestId\": \"p"
                        + partition + "\", \"personidentifikatorer\": [\"" + ids.get(2 * partition) + "\", \""
                        + ids.get(2 * partition + 1) + "\"]}")).get();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> consumed(group) >= 2);

            TopicPartition taken;
            try (var other = intruder(group)) {
                other.subscribe(List.of(topics.requests()));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    other.poll(Duration.ofMillis(100));
                    return !other.assignment().isEmpty();
                });
                taken = other.assignment().iterator().next();
                other.commitSync(Map.of(taken, new OffsetAndMetadata(1))); // its record answered there
            }
            int leftPartition = 1 - taken.partition();
            String left = "p" + leftPartition;

            completions.awaitUntil(seen -> seen.stream().anyMatch(c -> left.equals(c.key())), Duration.ofSeconds(90));
            List<Outcome> written = outcomes.drain(Duration.ofSeconds(3));
            List<Outcome> completed = completions.drain(Duration.ofSeconds(1));

            assertThat(OutcomeCollector.countByRequestAndId(written)).as("the record left to the gateway, once; none "
                    + "of p" + taken.partition() + ", which the other owner finished")
                    .containsOnlyKeys(left + "/" + ids.get(2 * leftPartition),
                            left + "/" + ids.get(2 * leftPartition + 1))
                    .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            assertThat(completed).extracting(Outcome::key).as("completion records").containsExactly(left);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(TestBroker.committedOffsets(group))
                    .as("both partitions past their record").containsEntry(taken, new OffsetAndMetadata(1))
                    .containsEntry(new TopicPartition(topics.requests(), leftPartition), new OffsetAndMetadata(1)));
        }
    }

    /** Records the gateway's consumer of {@code group} fetched (its default client.id names the group). */
    private static double consumed(String group) throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        double total = 0;
        for (ObjectName name : server.queryNames(new ObjectName(
                "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*"), null)) {
            if (name.getKeyProperty("client-id").contains(group)) {
                total += ((Number) server.getAttribute(name, "records-consumed-total")).doubleValue();
            }
        }
        return total;
    }

    private static KafkaConsumer<String, String> intruder(String group) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "intruder-" + group.hashCode());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
