// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.krrgateway.GatewayException;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records whose batch kept failing (not for KRR or Maskinporten) go alone, so they cannot block a partition. */
public class PoisonRecords {

    private static final Logger log = LoggerFactory.getLogger(PoisonRecords.class);

    /** Failures are only remembered for records still being retried; past this many, all of it is forgotten. */
    private static final int MAX_REMEMBERED = 100_000;

    private final int maxAttempts;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /** Exactly-once: records that failed alone, answered PROCESSING_FAILED (with this message) in the next try. */
    final Map<String, String> condemned = new ConcurrentHashMap<>();

    public PoisonRecords(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public boolean isSuspect(String key) {
        return failures.getOrDefault(key, 0) >= maxAttempts;
    }

    public int failures(String key) {
        return failures.getOrDefault(key, 0);
    }

    public void watch(Exchange batch, Collection<String> keys) {
        batch.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange exchange) {
                if (exchange.getException() == null) {
                    keys.forEach(failures::remove);
                    keys.forEach(condemned::remove);
                } else if (exchange.getException(GatewayException.class) == null) {
                    failed(keys, exchange.getException());
                }
            }
        });
    }

    public void failed(Collection<String> keys, Throwable cause) {
        if (failures.size() > MAX_REMEMBERED) {
            failures.clear();
            condemned.clear();
        }
        int most = keys.stream().mapToInt(key -> failures.merge(key, 1, Integer::sum)).max().orElse(0);
        if (most == 0) {
            return; // no keys
        }
        // the stack trace once; later tries of the same records say only how often
        log.warn("A batch of {} request records failed ({}), attempt {} of {}; it is read again{}", keys.size(),
                describe(cause), most, maxAttempts, most >= maxAttempts ? ", its records one by one" : "",
                most == 1 ? cause : null);
    }

    /** The failure's innermost cause, by type and first line: enough to tell failures apart, no stack trace. */
    static String describe(Throwable failure) {
        Throwable root = ExceptionUtils.getRootCause(failure);
        String message = StringUtils.abbreviate(StringUtils.defaultString(root.getMessage()).lines().findFirst()
                .orElse(""), 203);
        return message.isEmpty() ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + message;
    }
}
