// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * The in-flight mark a batch leaves in its consumer group's committed offsets (Kafka's offset-commit metadata) just
 * before its outcomes are published: {@code krr-gateway:in-flight-until=E}, committed at the offset already committed,
 * says that outcomes of records below offset E may be on the outcome topics although the offset does not say so yet.
 * The normal commit after publishing replaces it with an advanced offset and empty metadata; a mark that survives
 * (a crash, a batch that failed while publishing) tells the partition's next owner which records it may answer twice.
 */
public final class InFlightMark {

    static final String PREFIX = "krr-gateway:in-flight-until=";

    private InFlightMark() {
    }

    /** The metadata for a batch whose records end just before {@code until}. */
    public static String format(long until) {
        return PREFIX + until;
    }

    /** E from metadata written by {@link #format}; empty for anything else (empty, another client's, malformed). */
    public static OptionalLong parse(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            long until = Long.parseLong(metadata.substring(PREFIX.length()));
            return until >= 0 ? OptionalLong.of(until) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** E of a committed offset that carries a mark still ahead of it; empty when there is nothing in flight. */
    public static OptionalLong pending(OffsetAndMetadata committed) {
        if (committed == null) {
            return OptionalLong.empty();
        }
        OptionalLong until = parse(committed.metadata());
        return until.isPresent() && until.getAsLong() > committed.offset() ? until : OptionalLong.empty();
    }
}
