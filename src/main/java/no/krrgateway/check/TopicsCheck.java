// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import no.krrgateway.channel.kafka.KafkaTopics;

/** The gateway's topics exist (or are created at start), and the requests topic has a partition per consumer. */
record TopicsCheck(KafkaTopics topics, Map<String, String> byProperty, String requestsProperty, int consumers,
                   String brokers, boolean created) {

    List<CheckLine> run() {
        Map<String, Integer> found;
        try {
            found = topics.partitions(byProperty.values());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(CheckLine.fail("kafka", "interrupted"));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return List.of(CheckLine.fail("kafka", "the broker at " + brokers + " did not answer ("
                    + cause.getClass().getSimpleName() + "): check camel.component.kafka.brokers and the "
                    + "camel.component.kafka security settings"));
        }
        List<CheckLine> lines = new ArrayList<>();
        for (var entry : byProperty.entrySet()) {
            String topic = entry.getValue();
            String name = "topic " + topic;
            Integer partitions = found.get(topic);
            if (partitions == null && created) {
                lines.add(CheckLine.ok(name, "does not exist yet; the gateway creates it at start "
                        + "(gateway.kafka.create-topics)"));
            } else if (partitions == null) {
                lines.add(CheckLine.fail(name, "does not exist: create it (deploy/kafka/create-topics.sh), let the "
                        + "gateway create it (gateway.kafka.create-topics=true), or correct " + entry.getKey()));
            } else if (entry.getKey().equals(requestsProperty) && partitions < consumers) {
                lines.add(CheckLine.fail(name, partitions + " partitions for " + consumers + " consumers "
                        + "(gateway.kafka.consumers): consumers beyond the partitions sit idle; add partitions, "
                        + "at least consumers x instances"));
            } else {
                lines.add(CheckLine.ok(name, "exists, " + partitions + " partitions"));
            }
        }
        return lines;
    }
}
