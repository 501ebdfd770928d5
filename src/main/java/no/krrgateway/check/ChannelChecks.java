// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import no.krrgateway.channel.file.FileChannelProperties;
import no.krrgateway.channel.kafka.KafkaTopics;

/** The lines of the channels' own resources: Kafka's topics and the file channel's folders. */
final class ChannelChecks {

    private ChannelChecks() {
    }

    /** The gateway's topics exist (or are created at start), and the requests topic has a partition per consumer. */
    static List<CheckLine> topics(KafkaTopics topics, Map<String, String> byProperty, String requestsProperty,
                                  int consumers, String brokers, boolean created) {
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

    /** The folders must share one file system with {@code .done}: inputs move by renaming. */
    static List<CheckLine> folders(FileChannelProperties files) {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("gateway.files.inbox", files.inbox());
        folders.put("gateway.files.outbox", files.outbox());
        folders.put("gateway.files.error", files.error());
        List<CheckLine> lines = new ArrayList<>();
        FileStore done = null;
        for (var entry : folders.entrySet()) {
            String property = entry.getKey();
            Path folder = entry.getValue().toAbsolutePath().normalize();
            String name = "folder " + property.substring("gateway.files.".length());
            try {
                if (Files.exists(folder) && !Files.isDirectory(folder)) {
                    lines.add(CheckLine.fail(name, folder + " is not a folder: point " + property + " at a folder"));
                    continue;
                }
                Files.createDirectories(folder);
                Path probe = Files.createTempFile(folder, ".krr-gateway-check", ".tmp");
                Files.delete(probe);
                FileStore store = Files.getFileStore(folder);
                if (property.equals("gateway.files.inbox")) {
                    done = Files.getFileStore(Files.createDirectories(folder.resolve(".done")));
                }
                if (done != null && !store.equals(done)) {
                    lines.add(CheckLine.fail(name, folder + " is on another file system (" + store.name() + ") than "
                            + "the inbox's .done (" + done.name() + "): inputs are moved by renaming; put " + property
                            + " on the inbox's file system"));
                } else {
                    lines.add(CheckLine.ok(name, folder + " is writable, on the file system of the inbox's .done"));
                }
            } catch (IOException | SecurityException e) {
                lines.add(CheckLine.fail(name, folder + " is not writable for this user (" + e.getClass()
                        .getSimpleName() + "): give the gateway's user write access, or point " + property
                        + " elsewhere"));
            }
        }
        return lines;
    }
}
