// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PossibleDuplicatesTest {

    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);
    private static final TopicPartition P2 = new TopicPartition("requests", 2);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PossibleDuplicates duplicates = new PossibleDuplicates(registry);

    private double counted() {
        return registry.get("gateway.duplicates.possible").tag("channel", "kafka").counter().count();
    }

    @Test
    void counter_isThereFromTheStart() {
        assertThat(counted()).isZero();
    }

    @Test
    void assigned_remembersOnlyMarksAheadOfTheCommittedOffset() {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        committed.put(P0, new OffsetAndMetadata(100, InFlightMark.format(160)));
        committed.put(P1, new OffsetAndMetadata(160));
        committed.put(P2, null); // never committed
        duplicates.assigned(committed);

        assertThat(duplicates.until(P0)).isEqualTo(160);
        assertThat(duplicates.until(P1)).isEqualTo(-1);
        assertThat(duplicates.until(P2)).isEqualTo(-1);
    }

    @Test
    void assignedAgainWithoutAMark_forgetsTheOldOne() {
        duplicates.assigned(Map.of(P0, new OffsetAndMetadata(100, InFlightMark.format(160))));
        duplicates.assigned(Map.of(P0, new OffsetAndMetadata(160)));
        assertThat(duplicates.until(P0)).isEqualTo(-1);
    }

    @Test
    void publishing_countsTheBatchsRepeatsAndForgetsPassedMarks() {
        duplicates.assigned(Map.of(P0, new OffsetAndMetadata(100, InFlightMark.format(160)),
                P1, new OffsetAndMetadata(7, InFlightMark.format(9))));
        InFlightBatch batch = new InFlightBatch(null, Duration.ZERO);
        batch.add(P0, 100, duplicates.until(P0));
        batch.add(P0, 129, duplicates.until(P0));
        batch.add(P1, 7, duplicates.until(P1));
        batch.add(P1, 8, duplicates.until(P1));
        batch.add(P1, 9, duplicates.until(P1));
        batch.addPossibleRepeats(12);

        duplicates.publishing(batch);

        assertThat(counted()).isEqualTo(12);
        assertThat(duplicates.until(P0)).as("not reached yet").isEqualTo(160);
        assertThat(duplicates.until(P1)).as("passed").isEqualTo(-1);
    }

    @Test
    void forget_revokedOrLostPartitions() {
        duplicates.assigned(Map.of(P0, new OffsetAndMetadata(100, InFlightMark.format(160))));
        duplicates.forget(List.of(P0));
        assertThat(duplicates.until(P0)).isEqualTo(-1);
    }
}
