// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.util.HashSet;
import java.util.Set;

/** One file per NAME at a time: {@code ids.txt} and {@code ids.csv} write the same outputs. */
final class FileNameLocks {

    private final Set<String> busy = new HashSet<>();

    synchronized void lock(String name) throws InterruptedException {
        while (!busy.add(name)) {
            wait();
        }
    }

    synchronized void unlock(String name) {
        busy.remove(name);
        notifyAll();
    }
}
