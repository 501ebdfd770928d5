// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.List;
import java.util.Map;
import no.krrgateway.krr.SignedAnswersProperties;
import no.krrgateway.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** While the context is built, so before any route starts; not by the {@code check} command, which reports them. */
@Configuration(proxyBeanMethods = false)
public class TopicCreationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TopicCreationConfiguration.class);
    /** As docs/evidence.md ("Topic settings") asks. */
    private static final Map<String, String> EVIDENCE_TOPIC = Map.of("cleanup.policy", "compact",
            "retention.ms", "-1", "max.message.bytes", "4194304");

    @Bean
    // an API-only instance (gateway.kafka.enabled=false) has no broker to create topics on
    @ConditionalOnExpression("${gateway.kafka.create-topics:false} and ${gateway.kafka.enabled:true}")
    List<String> createdTopics(KafkaClusterProbe probe, KafkaProbeProperties probeSettings,
                               TopicsProperties topics, KafkaChannelProperties kafka,
                               SignedAnswersProperties signedAnswers, Tenants tenants,
                               @Value("${camel.main.auto-startup:true}") boolean routesStart) throws Exception {
        if (kafka.topicPartitions() < kafka.consumers()) {
            throw new IllegalStateException("gateway.kafka.topic-partitions (" + kafka.topicPartitions()
                    + ") is less than gateway.kafka.consumers (" + kafka.consumers() + "): consumers would sit idle");
        }
        if (!routesStart) {
            return List.of();
        }
        try {
            List<String> created = new KafkaTopics(probe::admin, probeSettings.timeout()).createMissing(
                    tenants.withTenantTopics(topics.byProperty(signedAnswers.keep())).values(),
                    kafka.topicPartitions(),
                    (short) kafka.topicReplication(), Map.of(topics.evidence(), EVIDENCE_TOPIC));
            if (!created.isEmpty()) {
                log.info("Created topics {} with {} partitions each (gateway.kafka.create-topics)", created,
                        kafka.topicPartitions());
            }
            return created;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("gateway.kafka.create-topics: the broker refused to create the topics ("
                    + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + "); check "
                    + "gateway.kafka.topic-replication against the number of brokers, and the client's ACLs", e);
        }
    }
}
