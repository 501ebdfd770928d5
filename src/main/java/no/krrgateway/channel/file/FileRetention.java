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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.krrgateway.channel.file.TempFile.CommitLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes old files (a link as itself) in .done, outbox and error folder through each folder's handle: no folder. */
public record FileRetention(FileChannelProperties files, Duration maxAge, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(FileRetention.class);
    private static final Pattern OUTPUT = Pattern.compile("(.+)\\.(results\\.jsonl|results\\.csv|evidence\\.jsonl|"
            + "summary\\.json)");

    public int sweep() {
        if (maxAge == null) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(maxAge);
        List<Path> folders = List.of(files.inbox().resolve(FileIntake.DONE), files.outbox(), files.error());
        int deleted = 0;
        for (Path folder : folders) {
            try (DirectoryStream<Path> listing = open(folder)) {
                deleted += sweep(listing, cutoff, folder.equals(files.outbox()));
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

    /** A NAME's outputs under its commit lock, never during a commit; the summary first, never left without them. */
    private int sweep(DirectoryStream<Path> folder, Instant cutoff, boolean outbox) throws IOException {
        SecureDirectoryStream<Path> handle = folder instanceof SecureDirectoryStream<Path> secure ? secure : null;
        int deleted = 0;
        for (Path file : folder) {
            if (!before(modified(handle, file), cutoff)) {
                continue;
            }
            Matcher output = OUTPUT.matcher(file.getFileName().toString());
            Path summary = outbox && output.matches() ? file.resolveSibling(output.group(1) + ".summary.json") : null;
            try (CommitLock lock = summary == null ? null : CommitLock.acquire(files.outbox(), output.group(1))) {
                Instant summarised = summary == null || summary.equals(file) ? null : modified(handle, summary);
                if (!before(modified(handle, file), cutoff) || (summarised != null && !before(summarised, cutoff))) {
                    continue; // its summary is younger: they all go at a later sweep
                }
                deleted += (summarised == null ? 0 : delete(handle, summary)) + delete(handle, file);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return deleted;
    }

    private static boolean before(Instant time, Instant cutoff) {
        return time != null && time.isBefore(cutoff);
    }

    /** Null for a folder; a link's own time, not its target's. */
    private static Instant modified(SecureDirectoryStream<Path> handle, Path file) throws IOException {
        try {
            BasicFileAttributes attributes = handle == null
                    ? Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : handle.getFileAttributeView(file.getFileName(), BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes();
            return attributes.isDirectory() ? null : attributes.lastModifiedTime().toInstant();
        } catch (NoSuchFileException e) {
            return null; // another instance swept it, or the route moved it
        }
    }

    private static int delete(SecureDirectoryStream<Path> handle, Path file) throws IOException {
        try {
            if (handle == null) {
                Files.delete(file);
            } else {
                handle.deleteFile(file.getFileName());
            }
            return 1;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
