// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;

/**
 * Moves an input out of the inbox: to {@code inbox/.done/} once its outputs are written, or to the error folder.
 * Anyone who may write to the inbox could put a symbolic link at {@code .done} after the gateway looked, and a plain
 * rename would then carry the input wherever the link points. So the move into {@code .done} is made relative to
 * directory handles: the inbox is opened, {@code .done} is opened from it without following links (which fails on a
 * link), and the input is renamed from the one handle into the other ({@link SecureDirectoryStream}, renameat(2)).
 */
final class InputMover {

    private final Path inbox;

    InputMover(Path inbox) {
        this.inbox = inbox;
    }

    /** Moves {@code inbox/NAME} to {@code inbox/.done/NAME}, replacing an earlier input of that name there. */
    void toDone(String name) throws IOException {
        Path source = Path.of(name);
        try (DirectoryStream<Path> in = Files.newDirectoryStream(inbox)) {
            if (in instanceof SecureDirectoryStream<Path> inboxHandle) {
                SecureDirectoryStream<Path> done;
                try {
                    done = inboxHandle.newDirectoryStream(Path.of(FileIntake.DONE), LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    throw notARealFolder(e);
                }
                try (done) {
                    inboxHandle.move(source, done, source);
                }
                return;
            }
        }
        // a platform without directory handles: checked right before the move, which leaves a far smaller window
        Path done = inbox.resolve(FileIntake.DONE);
        if (Files.isSymbolicLink(done) || !Files.isDirectory(done, LinkOption.NOFOLLOW_LINKS)) {
            throw notARealFolder(null);
        }
        Files.move(inbox.resolve(name), done.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Moves {@code inbox/NAME} (a link as the link itself) to {@code target}, which may be on another volume. */
    void to(String name, Path target) throws IOException {
        Path source = inbox.resolve(name);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException otherVolume) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private IOException notARealFolder(Exception cause) {
        return new IOException("the inbox's " + FileIntake.DONE + " folder is not a real folder (a symbolic link?); "
                + "the gateway moves processed files only into a real folder there", cause);
    }
}
