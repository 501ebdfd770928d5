// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes old regular files in .done, outbox and error folder through each folder's handle: never a link's target. */
public record FileRetention(FileChannelProperties files, Duration maxAge, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(FileRetention.class);

    public int sweep() {
        if (maxAge == null) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(maxAge);
        List<Path> folders = List.of(files.inbox().resolve(FileIntake.DONE), files.outbox(), files.error());
        int deleted = 0;
        for (Path folder : folders) {
            try (DirectoryStream<Path> listing = open(folder)) {
                deleted += sweep(listing, cutoff);
            } catch (NoSuchFileException e) {
                // nothing there yet
            } catch (IOException e) {
                log.warn("Retention: could not sweep {} ({}: {}); tried again next time", folder,
                        e.getClass().getSimpleName(), e.getMessage());
            }
        }
        if (deleted > 0) {
            log.info("Retention: deleted {} files older than {} from {}", deleted, maxAge, folders);
        }
        return deleted;
    }

    /** {@code .done} opened from the inbox's handle without following a link, even one planted during the sweep. */
    private DirectoryStream<Path> open(Path folder) throws IOException {
        if (folder.equals(files.inbox().resolve(FileIntake.DONE))) {
            try (DirectoryStream<Path> in = Files.newDirectoryStream(files.inbox())) {
                if (in instanceof SecureDirectoryStream<Path> inboxHandle) {
                    return InputMover.openDone(inboxHandle);
                }
            }
            // a platform without directory handles: checked right before it is listed
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(folder.toString());
            }
        }
        return Files.newDirectoryStream(folder);
    }

    private static int sweep(DirectoryStream<Path> folder, Instant cutoff) throws IOException {
        SecureDirectoryStream<Path> handle = folder instanceof SecureDirectoryStream<Path> secure ? secure : null;
        int deleted = 0;
        for (Path file : folder) {
            Path name = file.getFileName();
            try {
                BasicFileAttributes attributes = handle == null
                        ? Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        : handle.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                                .readAttributes();
                if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                    if (handle == null) {
                        Files.delete(file);
                    } else {
                        handle.deleteFile(name);
                    }
                    deleted++;
                }
            } catch (NoSuchFileException e) {
                // another instance swept it, or the route moved it
            }
        }
        return deleted;
    }
}
