// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Opened once without following a link, then read only through that handle. The JDK has no O_NONBLOCK, so a FIFO
 * swapped in would hang open(): the name is lstat'ed just before, and the handle must be seekable and still the name's.
 */
final class RegularFile implements Closeable {

    final Path path;
    private final FileChannel channel;

    private RegularFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static RegularFile open(Path file) throws IOException {
        BasicFileAttributes before = attributes(file);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            attributes(file); // a link (ELOOP) or a socket (ENXIO) put there since: refused as such
            throw e;
        }
        try {
            try {
                channel.position();
            } catch (IOException pipeOrSocket) {
                throw notRegular(); // a pipe or a socket has no position
            }
            if (!Objects.equals(before.fileKey(), attributes(file).fileKey())) {
                throw new RejectedFileException(FileProblem.NOT_A_REGULAR_FILE, "The file was replaced while the "
                        + "gateway opened it. Drop it again under a temporary name and rename it when complete.");
            }
            return new RegularFile(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new RejectedFileException(FileProblem.SYMBOLIC_LINK, "The file is a symbolic link. The gateway "
                    + "reads only files that are in the inbox itself: copy or move the file there instead.");
        }
        if (!attributes.isRegularFile()) {
            throw notRegular();
        }
        return attributes;
    }

    private static RejectedFileException notRegular() {
        return new RejectedFileException(FileProblem.NOT_A_REGULAR_FILE, "This is not a regular file (a pipe, a "
                + "device, a socket or a folder). Drop a regular file.");
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Up to {@code max} bytes from the start; the handle is put back at the start, where {@link #stream} reads. */
    byte[] head(int max) throws IOException {
        byte[] head = stream().readNBytes(max);
        channel.position(0);
        return head;
    }

    InputStream stream() {
        return Channels.newInputStream(channel);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
