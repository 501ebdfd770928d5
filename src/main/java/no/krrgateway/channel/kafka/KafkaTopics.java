// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The topics' partitions, and the creation of missing ones, through the probe's admin client. */
public record KafkaTopics(Supplier<Admin> admin, Duration timeout) {

    public Map<String, Integer> partitions(Collection<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Integer> found = new LinkedHashMap<>();
        answers(admin.get().describeTopics(Set.copyOf(names)).topicNameValues(), UnknownTopicOrPartitionException.class)
                .forEach((name, topic) -> found.put(name, topic.partitions().size()));
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
        return List.copyOf(answers(admin.get().createTopics(missing).values(), TopicExistsException.class).keySet());
    }

    /** Each topic's answer, in order, leaving out those that failed with {@code expected}. */
    private <T> Map<String, T> answers(Map<String, KafkaFuture<T>> futures, Class<? extends Exception> expected)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, T> answers = new LinkedHashMap<>();
        for (var topic : futures.entrySet()) {
            try {
                answers.put(topic.getKey(), topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!expected.isInstance(e.getCause())) {
                    throw e;
                }
            }
        }
        return answers;
    }
}
