// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;

/** To .done between directory handles (renameat(2)): a link planted at .done cannot carry an input elsewhere. */
record InputMover(Path inbox, FilePermissions permissions) {

    void toDone(String name) throws IOException {
        Path source = Path.of(name);
        try (DirectoryStream<Path> in = Files.newDirectoryStream(inbox)) {
            if (in instanceof SecureDirectoryStream<Path> inboxHandle) {
                boolean ownerOnly = permissions.applyToInput(inbox.resolve(name));
                try (SecureDirectoryStream<Path> done = openDone(inboxHandle)) {
                    if (ownerOnly) {
                        inboxHandle.move(source, done, source);
                    } else {
                        copy(name, done);
                        inboxHandle.deleteFile(source);
                    }
                }
                return;
            }
        }
        // a platform without directory handles: checked right before the move, which leaves a far smaller window
        Path done = inbox.resolve(FileIntake.DONE);
        if (!Files.isDirectory(done, LinkOption.NOFOLLOW_LINKS)) { // a link is no directory here
            throw notARealFolder(null);
        }
        to(name, done.resolve(name));
    }

    /** Moves {@code inbox/NAME} (a link as the link itself) to {@code target}, which may be on another volume. */
    void to(String name, Path target) throws IOException {
        Path source = inbox.resolve(name);
        if (!permissions.applyToInput(source)) {
            try (RegularFile input = RegularFile.open(source)) {
                TempFile.write(target, permissions, copy -> input.stream().transferTo(copy.stream()));
            }
            Files.delete(source);
            return;
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException otherVolume) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Under an unguessable name, made exclusively and owner-only, then renamed to NAME. */
    private void copy(String name, SecureDirectoryStream<Path> done) throws IOException {
        Path temp = Path.of("." + UUID.randomUUID() + ".tmp");
        try (RegularFile input = RegularFile.open(inbox.resolve(name));
             SeekableByteChannel copy = done.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), permissions.onCreate(inbox))) {
            input.stream().transferTo(Channels.newOutputStream(copy));
            if (copy instanceof FileChannel file) {
                file.force(true);
            }
            done.move(temp, done, Path.of(name));
        } catch (IOException | RuntimeException e) {
            try {
                done.deleteFile(temp);
            } catch (IOException ignored) {
                // never made, or already renamed
            }
            throw e;
        }
    }

    /** Must be a real folder (a link would carry inputs elsewhere); checked before any KRR call and at the move. */
    void checkDone() throws IOException {
        Path done = inbox.resolve(FileIntake.DONE);
        if (Files.isSymbolicLink(done)) {
            throw notARealFolder(null);
        }
        permissions.folder(done);
    }

    static SecureDirectoryStream<Path> openDone(SecureDirectoryStream<Path> inbox) throws IOException {
        try {
            return inbox.newDirectoryStream(Path.of(FileIntake.DONE), LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            throw missing;
        } catch (FileSystemException e) {
            throw notARealFolder(e);
        }
    }

    private static IOException notARealFolder(Exception cause) {
        return new IOException("the inbox's " + FileIntake.DONE + " folder is not a real folder (a symbolic link?); "
                + "the gateway moves processed files only into a real folder there", cause);
    }
}
