// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.util.LinkedHashMap;
import java.util.Map;

/** In memory: after a restart a failing file gets max-attempts again, which still bounds it. */
final class FileAttempts {

    static final int MAX_FILES = 10_000;

    private final Map<String, Integer> failed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_FILES;
        }
    };

    /** @return the number of failed attempts of this input, this one included */
    synchronized int failed(String name, InputIdentity identity) {
        return failed.merge(key(name, identity), 1, Integer::sum);
    }

    synchronized void forget(String name, InputIdentity identity) {
        failed.remove(key(name, identity));
    }

    private static String key(String name, InputIdentity identity) {
        return name + "|" + identity;
    }
}
