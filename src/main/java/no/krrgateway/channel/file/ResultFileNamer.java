// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Names a file's outputs (its safe name less the extension) so that no input name can write outside its folders. */
public record ResultFileNamer(String stem) {

    /** Path separators, characters Windows forbids, and control characters. */
    private static final Pattern UNSAFE = Pattern.compile("[/\\\\:*?\"<>|\\p{Cc}]");
    private static final Pattern LEADING_DOTS = Pattern.compile("^\\.+");
    /** Leaves room for the longest suffix within the common 255-byte limit on file names. */
    static final int MAX_NAME_BYTES = 200;

    public ResultFileNamer {
        int dot = stem.lastIndexOf('.');
        stem = dot > 0 ? stem.substring(0, dot) : stem;
    }

    public static boolean isSafe(String name) {
        return safeName(name).equals(name);
    }

    public static String safeName(String name) {
        String safe = UNSAFE.matcher(name).replaceAll("_");
        safe = LEADING_DOTS.matcher(safe).replaceFirst(dots -> "_".repeat(dots.group().length()));
        while (safe.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            safe = safe.substring(0, safe.length() - 1);
        }
        return safe.isEmpty() ? "_" : safe;
    }

    public String jsonl() {
        return stem + ".results.jsonl";
    }

    public String csv() {
        return stem + ".results.csv";
    }

    public String evidence() {
        return stem + ".evidence.jsonl";
    }

    public String summary() {
        return stem + ".summary.json";
    }

    public String error() {
        return stem + ".error.json";
    }

    public static Path inside(Path folder, String name) {
        Path base = folder.toAbsolutePath().normalize();
        Path resolved = base.resolve(name).normalize();
        if (!base.equals(resolved.getParent())) {
            throw new IllegalArgumentException("refusing a file name that leaves its folder");
        }
        return resolved;
    }
}
