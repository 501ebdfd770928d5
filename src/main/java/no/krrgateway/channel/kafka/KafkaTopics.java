// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The topics' partitions, and the creation of missing ones, through the probe's admin client. */
public record KafkaTopics(Supplier<Admin> admin, Duration timeout) {

    public Map<String, Integer> partitions(Collection<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Integer> found = new LinkedHashMap<>();
        var described = admin.get().describeTopics(Set.copyOf(names)).topicNameValues();
        for (var topic : described.entrySet()) {
            try {
                found.put(topic.getKey(), topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .partitions().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return found;
    }

    /** Existing topics are left as they are; another instance creating one at the same time is no failure. */
    public List<String> createMissing(Collection<String> names, int partitions, short replication,
                                      Map<String, Map<String, String>> configs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Integer> existing = partitions(names);
        List<NewTopic> missing = names.stream().distinct().filter(name -> !existing.containsKey(name))
                .map(name -> new NewTopic(name, partitions, replication).configs(configs.getOrDefault(name, Map.of())))
                .toList();
        List<String> created = new ArrayList<>();
        var results = admin.get().createTopics(missing).values();
        for (var topic : results.entrySet()) {
            try {
                topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }
}
