// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts the outcomes on the gateway's topics from a background thread, as a downstream consumer would, keeping only
 * what the scenarios need (count and error code per "requestId/personidentifikator", arrival times), so that tens of
 * thousands of outcomes and their duplicates fit in little memory.
 */
final class OutcomeTally implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, String> codes = new HashMap<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final TopicPoller poller;
    private long total;

    OutcomeTally(String bootstrapServers, String... topics) {
        this(false, bootstrapServers, topics);
    }

    /** @param readCommitted read as exactly-once's downstream does: only committed transactions' records */
    OutcomeTally(boolean readCommitted, String bootstrapServers, String... topics) {
        poller = new TopicPoller("outcome-tally", readCommitted, bootstrapServers, List.of(topics), this::add);
    }

    private synchronized void add(Iterable<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> record : records) {
            JsonNode value;
            try {
                value = MAPPER.readTree(record.value());
            } catch (Exception e) {
                throw new IllegalStateException("an outcome is not JSON", e);
            }
            String key = value.path("requestId").asText() + "/" + value.path("personidentifikator").asText();
            counts.merge(key, 1, Integer::sum);
            codes.put(key, value.at("/error/code").asText(""));
            total++;
        }
        arrivals.add(System.nanoTime());
        notifyAll();
    }

    /** Outcomes seen, duplicates included. */
    synchronized long total() {
        return total;
    }

    /** How many of these keys ("requestId/personidentifikator") have at least one outcome. */
    synchronized long answered(Set<String> keys) {
        return keys.stream().filter(counts::containsKey).count();
    }

    synchronized Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** Each key's error code ("" for a result), from its latest outcome. */
    synchronized Map<String, String> codes() {
        return Map.copyOf(codes);
    }

    /** Waits until every key is answered or the time is up; returns how many are answered. */
    synchronized long awaitAnswered(Set<String> keys, long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long answered;
        while ((answered = answered(keys)) < atLeast && System.nanoTime() < deadline) {
            wait(Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000)));
        }
        return answered;
    }

    /** The nanoTime of the first outcome that arrived after {@code since}, waiting for one; -1 if none came. */
    synchronized long awaitFirstArrivalAfter(long since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (long arrival : arrivals) {
                if (arrival > since) {
                    return arrival;
                }
            }
            wait(Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000)));
        }
        return -1;
    }

    /** Keeps counting for a quiet period, to catch duplicates that come late. */
    void settle(Duration quiet) throws InterruptedException {
        // deliberate: nothing to wait for but time, since a late duplicate may or may not come
        Thread.sleep(quiet.toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        poller.close();
    }
}
