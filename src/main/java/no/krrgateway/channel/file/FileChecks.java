// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import no.krrgateway.channel.file.IdReader.InputFormat;
import org.apache.camel.util.FileUtil;
import org.apache.commons.lang3.EnumUtils;
import org.apache.commons.lang3.function.FailableConsumer;
import org.apache.commons.lang3.function.FailableFunction;
import org.apache.commons.lang3.function.FailablePredicate;

/** Refuses, before a single id is read, the files the gateway must not or cannot read as a list of ids; names files. */
final class FileChecks {

    private static final int SNIFF_BYTES = 8192;
    /** Path separators, characters Windows forbids, and control characters. */
    private static final Pattern UNSAFE = Pattern.compile("[/\\\\:*?\"<>|\\p{Cc}]");
    private static final Pattern LEADING_DOTS = Pattern.compile("^\\.+");
    /** Leaves room for the longest suffix within the common 255-byte limit on file names. */
    static final int MAX_NAME_BYTES = 200;

    private FileChecks() {
    }

    static InputFormat check(String name, RegularFile file, long maxBytes) throws IOException {
        if (hardLinks(file.path) > 1) {
            throw new RejectedFileException(FileProblem.HARD_LINK, "The file has another name elsewhere (a hard "
                    + "link): the gateway reads only files that belong to the inbox alone. Copy the file there "
                    + "instead.");
        }
        if (!safeName(name).equals(name)) {
            throw new RejectedFileException(FileProblem.UNSAFE_NAME, "The file name has characters the gateway "
                    + "does not accept in names (/ \\ : * ? \" < > |, control characters, a leading dot) or is "
                    + "longer than " + MAX_NAME_BYTES + " bytes. Rename it and drop it again.");
        }
        InputFormat format = EnumUtils.getEnumIgnoreCase(InputFormat.class, FileUtil.onlyExt(name, true));
        if (format == null) {
            throw new RejectedFileException(FileProblem.UNSUPPORTED_EXTENSION, "The gateway reads .txt, .csv and "
                    + ".json files only; rename the file if it is one of those, or export it as one.");
        }
        long size = file.size();
        if (size == 0) {
            throw new RejectedFileException(FileProblem.EMPTY_FILE, "The file is empty.");
        }
        if (size > maxBytes) {
            throw new RejectedFileException(FileProblem.TOO_LARGE, "The file has " + size + " bytes, more than the "
                    + "limit of " + maxBytes + " bytes (gateway.files.max-size). Split it into smaller files.");
        }
        sniff(file.head(SNIFF_BYTES));
        return format;
    }

    /** The name outputs are made from, so that no input name can write outside its folders. */
    static String safeName(String name) {
        String safe = UNSAFE.matcher(name).replaceAll("_");
        safe = LEADING_DOTS.matcher(safe).replaceFirst(dots -> "_".repeat(dots.group().length()));
        while (safe.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            safe = safe.substring(0, safe.length() - 1);
        }
        return safe.isEmpty() ? "_" : safe;
    }

    /** {@link #claim} in {@code folder} by its path. */
    static <T> T claim(Path folder, String stem, List<String> tails, FailableFunction<String, T, IOException> fill)
            throws IOException {
        return claim(stem, tails, name -> Files.createFile(inside(folder, name)),
                name -> Files.exists(inside(folder, name), LinkOption.NOFOLLOW_LINKS),
                name -> Files.deleteIfExists(inside(folder, name)), fill);
    }

    /**
     * {@code fill} with STEM, else STEM-2, STEM-3, ...: the first with no STEM[-n]TAIL in the folder, while holding its
     * claim {@code .STEM[-n].claim}, made exclusively (O_EXCL: by one instance alone, however many at once). Nothing
     * then replaces another's file, and each appears only as {@code fill} puts it there whole.
     */
    static <T> T claim(String stem, List<String> tails, FailableConsumer<String, IOException> create,
                       FailablePredicate<String, IOException> exists, FailableConsumer<String, IOException> delete,
                       FailableFunction<String, T, IOException> fill) throws IOException {
        for (int n = 1; ; n++) {
            // past NAME-9, a random suffix: the tries per file stay few however often a name is dropped again
            String name = n == 1 ? stem : stem + "-" + (n < 10 ? String.valueOf(n) : UUID.randomUUID().toString()
                    .substring(0, 8));
            try {
                create.accept("." + name + ".claim");
            } catch (FileAlreadyExistsException held) {
                continue; // another instance's at work (or a crash's): the next name
            }
            try {
                boolean free = true;
                for (String tail : tails) {
                    free &= !exists.test(name + tail);
                }
                if (free) {
                    return fill.apply(name);
                }
            } finally {
                delete.accept("." + name + ".claim");
            }
        }
    }

    static Path inside(Path folder, String name) {
        Path base = folder.toAbsolutePath().normalize();
        Path resolved = base.resolve(name).normalize();
        if (!base.equals(resolved.getParent())) {
            throw new IllegalArgumentException("refusing a file name that leaves its folder");
        }
        return resolved;
    }

    static int hardLinks(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }

    private static void sniff(byte[] head) {
        if (startsWith(head, 0xFF, 0xFE) || startsWith(head, 0xFE, 0xFF)) {
            throw new RejectedFileException(FileProblem.NOT_UTF8, "The file is UTF-16 text. Save it as UTF-8 and "
                    + "drop it again.");
        }
        if (startsWith(head, 'P', 'K', 3, 4)) {
            throw new RejectedFileException(FileProblem.BINARY_FILE, "The file is a ZIP archive or an Excel "
                    + "workbook, not text. Export the ids as CSV (UTF-8) and drop that file.");
        }
        if (IntStream.range(0, head.length).anyMatch(i -> head[i] == 0)) {
            throw new RejectedFileException(FileProblem.BINARY_FILE, "The file holds binary data, not text. "
                    + "Drop a .txt, .csv or .json file in UTF-8.");
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        return bytes.length >= prefix.length
                && IntStream.range(0, prefix.length).allMatch(i -> (bytes[i] & 0xFF) == prefix[i]);
    }
}
