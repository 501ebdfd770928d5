// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

/** Where a lookup came from, for error records: a Kafka record, a line of a dropped file, or the HTTP API. */
public sealed interface OutcomeSource {

    record Kafka(String topic, int partition, long offset) implements OutcomeSource {
    }

    record File(String file, long line) implements OutcomeSource {
    }

    record Api() implements OutcomeSource {
    }
}
