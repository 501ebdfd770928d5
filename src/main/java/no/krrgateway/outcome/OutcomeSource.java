// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

public sealed interface OutcomeSource {

    record Kafka(String topic, int partition, long offset) implements OutcomeSource {
    }

    record File(String file, long line) implements OutcomeSource {
    }

    record Api() implements OutcomeSource {
    }
}
