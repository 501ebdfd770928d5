// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers request records whose batch failed for a reason other than KRR or Maskinporten (those hold intake back
 * instead), so that after a bounded number of tries they are processed one by one and cannot block their partition.
 */
public class PoisonRecords {

    /** Failures are only remembered for records still being retried; past this many, the oldest knowledge goes. */
    private static final int MAX_REMEMBERED = 100_000;

    private final int maxAttempts;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    public PoisonRecords(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public static String key(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }

    /** Whether the record has failed often enough to be processed alone. */
    public boolean isSuspect(String key) {
        return failures.getOrDefault(key, 0) >= maxAttempts;
    }

    public void failed(Collection<String> keys) {
        if (failures.size() > MAX_REMEMBERED) {
            failures.clear();
        }
        keys.forEach(key -> failures.merge(key, 1, Integer::sum));
    }

    public void done(Collection<String> keys) {
        keys.forEach(failures::remove);
    }
}
