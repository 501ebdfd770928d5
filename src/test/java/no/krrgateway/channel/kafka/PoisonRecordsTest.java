// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import no.krrgateway.krr.KrrException;
import no.krrgateway.logging.PersonIdMasking;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class PoisonRecordsTest {

    private static final String A = "requests-0-7";
    private static final String B = "requests-0-8";

    private final PoisonRecords poison = new PoisonRecords(2);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    /** Runs the batch's completion callbacks as Camel does when the route ends with or without an exception. */
    private void batchEnds(List<String> keys, Exception failure) {
        Exchange batch = new DefaultExchange(camel);
        poison.watch(batch, keys);
        batch.setException(failure);
        batch.getExchangeExtension().handoverCompletions().forEach(callback -> {
            if (failure == null) {
                callback.onComplete(batch);
            } else {
                callback.onFailure(batch);
            }
        });
    }

    @Test
    void watch_failedBatches_makeTheirRecordsSuspectAfterMaxAttempts() {
        batchEnds(List.of(A, B), new IllegalStateException("cannot serialise"));
        assertThat(poison.isSuspect(A)).isFalse();
        batchEnds(List.of(A), new IllegalStateException("cannot serialise"));

        assertThat(poison.isSuspect(A)).isTrue();
        assertThat(poison.failures(A)).isEqualTo(2);
        assertThat(poison.isSuspect(B)).isFalse();
    }

    @Test
    void watch_krrOrMaskinportenTrouble_doesNotCountAgainstTheRecords() {
        batchEnds(List.of(A), new KrrException.Unavailable(503, "KRR down", null));
        batchEnds(List.of(A), new KrrException.Unavailable(503, "KRR down", null));

        assertThat(poison.failures(A)).isZero();
    }

    @Test
    void watch_completedBatch_forgetsItsRecords() {
        batchEnds(List.of(A), new IllegalStateException("cannot serialise"));
        batchEnds(List.of(A), null);

        assertThat(poison.failures(A)).isZero();
    }

    @Test
    void describe_innermostCauseOnItsFirstLine() {
        var failure = new RuntimeException("outer", new IllegalArgumentException("inner\nsecond line"));
        assertThat(PoisonRecords.describe(failure)).isEqualTo("IllegalArgumentException: inner");
    }

    @Test
    void describe_longMessage_cutAfter200Characters() {
        var failure = new IllegalStateException("x".repeat(300));
        assertThat(PoisonRecords.describe(failure)).isEqualTo("IllegalStateException: " + "x".repeat(200) + "...");
    }

    /**
     * A long message cut through an id must not keep its first nine or ten digits: log masking sees fewer than eleven
     * and leaves them, and the last two of a person id are check digits, so those give the whole id.
     */
    @Test
    void describe_longMessageCutThroughAnId_noPartOfItLeftForTheLog() {
        String id = "20914695016";
        for (int at = 185; at <= 200; at++) {
            var failure = new IllegalStateException("x".repeat(at) + " " + id + " and more");
            String logged = PersonIdMasking.mask(PoisonRecords.describe(failure)); // as LogMasking's net does
            assertThat(logged).as("id at %d", at).doesNotContain(id.substring(0, 8));
        }
    }
}
