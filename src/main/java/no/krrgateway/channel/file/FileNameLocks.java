// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.util.HashSet;
import java.util.Set;

/** One file per NAME at a time: {@code ids.txt} and {@code ids.csv} write the same outputs. */
final class FileNameLocks {

    private final Set<String> busy = new HashSet<>();

    void lock(String name) throws InterruptedException {
        synchronized (busy) {
            while (!busy.add(name)) {
                busy.wait();
            }
        }
    }

    void unlock(String name) {
        synchronized (busy) {
            busy.remove(name);
            busy.notifyAll();
        }
    }
}
