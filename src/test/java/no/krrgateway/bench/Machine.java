// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One line about the machine the figures come from. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format("%d cores (%s), %s RAM, %s %s, %s %s", Runtime.getRuntime().availableProcessors(),
                first("/proc/cpuinfo", "model name"), memory(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
    }

    /** The first three fields of /proc/loadavg: how busy the machine was, other processes included. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memory() {
        String total = first("/proc/meminfo", "MemTotal");
        try {
            return Math.round(Long.parseLong(total.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB";
        } catch (NumberFormatException e) {
            return "? GiB";
        }
    }

    private static String first(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
