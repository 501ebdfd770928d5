// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes processed inputs ({@code inbox/.done/}), outputs (the outbox) and refused files with their reports (the
 * error folder) once they are older than {@code gateway.files.retention.max-age}, by last modification. Only regular
 * files directly in those folders: never the inbox itself, never a sub-folder's content, never what a link points
 * to (links are left alone). Several instances on one shared inbox may sweep at once: a file already gone is fine.
 * Called by route {@code file-retention}.
 */
public class FileRetention {

    private static final Logger log = LoggerFactory.getLogger(FileRetention.class);

    private final List<Path> folders;
    private final Duration maxAge;
    private final Clock clock;

    /** @param maxAge null: retention off, nothing is ever deleted */
    public FileRetention(FileChannelProperties files, Duration maxAge, Clock clock) {
        this.folders = List.of(files.inbox().resolve(FileIntake.DONE), files.outbox(), files.error());
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public boolean enabled() {
        return maxAge != null;
    }

    /** @return how many files it deleted */
    public int sweep() {
        if (!enabled()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(maxAge);
        int deleted = 0;
        for (Path folder : folders) {
            deleted += sweep(folder, cutoff);
        }
        if (deleted > 0) {
            log.info("Retention: deleted {} files older than {} from {}", deleted, maxAge, folders);
        }
        return deleted;
    }

    private static int sweep(Path folder, Instant cutoff) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        Files.delete(file);
                        deleted++;
                    }
                } catch (NoSuchFileException e) {
                    // another instance swept it, or the route moved it
                }
            }
        } catch (IOException e) {
            log.warn("Retention: could not sweep {} ({}); tried again next time", folder, e.getClass().getSimpleName());
        }
        return deleted;
    }
}
