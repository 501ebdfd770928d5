// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/** Where a JVM spent its CPU: JFR execution samples grouped by thread, by top frame, and by our own frames. */
public final class JfrSummary {

    private JfrSummary() {
    }

    /** Summarises a recording from the command line: {@code JfrSummary file.jfr}. */
    public static void main(String[] args) {
        System.out.println(summarise(Path.of(args[0]), args[0], Instant.MIN, Instant.MAX));
    }

    /** Markdown: small tables of the largest shares of the samples taken from {@code from} to {@code to}. */
    static String summarise(Path jfr, String title, Instant from, Instant to) {
        if (!Files.exists(jfr)) {
            return "";
        }
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> ownFrames = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        int total = 0;
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                total++;
                String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                topFrames.merge(name(frames.get(0)), 1, Integer::sum);
                libraries.merge(library(frames), 1, Integer::sum);
                for (RecordedFrame frame : frames) {
                    if (frame.getMethod().getType().getName().startsWith("no.krrgateway.")) {
                        ownFrames.merge(name(frame), 1, Integer::sum);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return "(cannot read " + jfr + ": " + e + ")\n";
        }
        StringBuilder md = new StringBuilder("#### " + title + ": " + total + " CPU samples in the measured window ("
                + "JFR, " + jfr + ")\n\n");
        table(md, "thread (digits as N)", threads, total, 8);
        table(md, "code running (package of the innermost non-JDK frame)", libraries, total, 10);
        table(md, "top frame (self time)", topFrames, total, 12);
        table(md, "innermost krr-gateway frame on the stack", ownFrames, total, 10);
        return md.toString();
    }

    /**
     * The KRR calls as the gateway's krr-call threads waited for them (JFR ThreadPark events inside
     * {@code KrrClient.attempt}; the profile settings record parks of 10 ms or more): how many ended in the window, how
     * long they took on average, and how many were in flight on average over the window. Calls in flight below
     * max-concurrent-calls mean the consumers did not hand over enough work; calls longer than the simulator's latency
     * mean time lost in HTTP and on a busy CPU.
     */
    static String krrCallsInFlight(Path jfr, Instant from, Instant to) {
        if (!Files.exists(jfr)) {
            return "";
        }
        List<Instant[]> calls = new ArrayList<>();
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
                if (event.getEventType().getName().equals("jdk.ThreadPark") && event.getEndTime().isAfter(from)
                        && event.getStartTime().isBefore(to) && inKrrCall(event.getStackTrace())) {
                    calls.add(new Instant[] {max(event.getStartTime(), from), min(event.getEndTime(), to)});
                }
            }
        } catch (IOException e) {
            return "(cannot read " + jfr + ": " + e + ")\n";
        }
        double busyMillis = calls.stream().mapToLong(c -> Duration.between(c[0], c[1]).toNanos()).sum() / 1e6;
        double windowMillis = Duration.between(from, to).toNanos() / 1e6;
        return String.format("KRR calls as the gateway waited for them (JFR thread parks in `KrrClient.attempt`, in the"
                + " window): %d, mean %.0f ms; %.2f calls in flight on average.%n%n", calls.size(),
                busyMillis / Math.max(1, calls.size()), busyMillis / windowMillis);
    }

    private static boolean inKrrCall(RecordedStackTrace stack) {
        return stack != null && stack.getFrames().stream().anyMatch(frame ->
                frame.getMethod().getType().getName().equals("no.krrgateway.krr.KrrClient")
                        && frame.getMethod().getName().equals("attempt"));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The package (three levels) of the innermost frame outside the JDK: which library's code is running. */
    private static String library(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                String[] parts = type.split("\\.");
                return String.join(".", Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
            }
        }
        return "JDK only";
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static void table(StringBuilder md, String heading, Map<String, Integer> counts, int total, int limit) {
        md.append("| ").append(heading).append(" | share |\n|---|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> md.append("| `").append(e.getKey()).append("` | ")
                        .append(String.format("%.1f %%", 100.0 * e.getValue() / Math.max(1, total))).append(" |\n"));
        md.append('\n');
    }

}
