// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightMarkerTest {

    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PossibleDuplicates duplicates = new PossibleDuplicates(registry);
    private final InFlightMarker marker = new InFlightMarker(duplicates);
    private final AtomicInteger commits = new AtomicInteger();
    private final MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST) {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            commits.incrementAndGet();
            super.commitSync(offsets);
        }
    };

    private double counted() {
        return registry.get("gateway.duplicates.possible").counter().count();
    }

    @Test
    void mark_oneCommitAtEachPartitionsFirstOffset_untilAfterItsLast() {
        consumer.assign(List.of(P0, P1));
        InFlightBatch batch = new InFlightBatch(consumer, Duration.ofSeconds(5));
        batch.add(P0, 40, -1);
        batch.add(P0, 41, -1);
        batch.add(P1, 7, -1);
        batch.add(P0, 42, -1);

        marker.mark(batch);

        assertThat(commits).hasValue(1);
        assertThat(consumer.committed(Set.of(P0, P1))).containsOnly(
                Map.entry(P0, new OffsetAndMetadata(40, "krr-gateway:in-flight-until=43")),
                Map.entry(P1, new OffsetAndMetadata(7, "krr-gateway:in-flight-until=8")));
        assertThat(counted()).isZero();
    }

    @Test
    void mark_anInheritedMarkReachingFurther_isCarriedOnAndItsRepeatsCounted() {
        consumer.assign(List.of(P0));
        duplicates.assigned(Map.of(P0, new OffsetAndMetadata(40, InFlightMark.format(90))));
        InFlightBatch batch = new InFlightBatch(consumer, Duration.ofSeconds(5));
        batch.add(P0, 40, duplicates.until(P0));
        batch.add(P0, 59, duplicates.until(P0));
        batch.addPossibleRepeats(35);

        marker.mark(batch);

        assertThat(consumer.committed(Set.of(P0)).get(P0))
                .isEqualTo(new OffsetAndMetadata(40, "krr-gateway:in-flight-until=90"));
        assertThat(counted()).isEqualTo(35);
    }

    @Test
    void mark_alreadyMarkedOrEmpty_commitsNothing() {
        consumer.assign(List.of(P0));
        InFlightBatch batch = new InFlightBatch(consumer, Duration.ofSeconds(5));
        marker.mark(batch);
        marker.mark(null);
        batch.add(P0, 1, -1);
        marker.mark(batch);
        marker.mark(batch);
        assertThat(commits).hasValue(1);
    }

    @Test
    void mark_commitFails_theBatchFailsAndNothingIsCounted() {
        var fenced = new MockConsumer<String, String>(OffsetResetStrategy.EARLIEST) {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                throw new CommitFailedException();
            }
        };
        InFlightBatch batch = new InFlightBatch(fenced, Duration.ofSeconds(5));
        batch.add(P0, 1, 5);
        batch.addPossibleRepeats(3);

        assertThatThrownBy(() -> marker.mark(batch)).isInstanceOf(CommitFailedException.class);
        assertThat(counted()).isZero();
        assertThat(batch.isMarked()).isFalse();
    }

    @Test
    void mark_withoutAConsumer_failsTheBatch() {
        InFlightBatch batch = new InFlightBatch(null, Duration.ZERO);
        batch.add(P0, 1, -1);
        assertThatThrownBy(() -> marker.mark(batch)).isInstanceOf(IllegalStateException.class);
    }
}
