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
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.util.FileUtil;

/** To .done between directory handles (renameat(2)): a link planted at .done cannot carry an input elsewhere. */
record InputMover(Path inbox, FilePermissions permissions) {

    private static final Set<OpenOption> NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);

    /** @return its name in .done: NAME, or NAME-2, ... ({@link FileChecks#claim}) after an earlier input of NAME */
    String toDone(String name) throws IOException {
        Path source = Path.of(name);
        String stem = FileUtil.stripExt(name, true);
        List<String> ext = List.of(name.substring(stem.length()));
        try (DirectoryStream<Path> in = Files.newDirectoryStream(inbox)) {
            if (in instanceof SecureDirectoryStream<Path> inboxHandle) {
                boolean ownerOnly = permissions.applyToInput(inbox.resolve(name));
                try (SecureDirectoryStream<Path> done = openDone(inboxHandle)) {
                    return FileChecks.claim(stem, ext, claim -> done.newByteChannel(Path.of(claim), NEW).close(),
                            file -> exists(done, file), claim -> done.deleteFile(Path.of(claim)), moved -> {
                                Path target = Path.of(moved + ext.get(0));
                                if (ownerOnly) {
                                    inboxHandle.move(source, done, target);
                                } else {
                                    copy(name, done, target);
                                    try {
                                        inboxHandle.deleteFile(source);
                                    } catch (IOException e) {
                                        done.deleteFile(target); // as in to(): no copy of an input still there
                                        throw e;
                                    }
                                }
                                return target.toString();
                            });
                }
            }
        }
        // a platform without directory handles: checked right before the move, which leaves a far smaller window
        Path done = inbox.resolve(FileIntake.DONE);
        if (!Files.isDirectory(done, LinkOption.NOFOLLOW_LINKS)) { // a link is no directory here
            throw notARealFolder(null);
        }
        return FileChecks.claim(done, stem, ext, moved -> {
            to(name, done.resolve(moved + ext.get(0)));
            return moved + ext.get(0);
        });
    }

    private static boolean exists(SecureDirectoryStream<Path> folder, String name) throws IOException {
        try {
            folder.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Moves {@code inbox/NAME} (a link as the link itself) to a claimed {@code target}, maybe on another volume. */
    void to(String name, Path target) throws IOException {
        Path source = inbox.resolve(name);
        try {
            if (!permissions.applyToInput(source)) {
                try (RegularFile input = RegularFile.open(source)) {
                    TempFile.write(target, permissions, copy -> input.stream().transferTo(copy.stream()));
                }
                Files.delete(source);
            } else {
                try {
                    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException otherVolume) {
                    Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target); // a copy of an input that stays in the inbox
            throw e;
        }
    }

    /** Under an unguessable name, made exclusively and owner-only, then renamed to its claimed name. */
    private void copy(String name, SecureDirectoryStream<Path> done, Path target) throws IOException {
        Path temp = Path.of("." + UUID.randomUUID() + ".tmp");
        try (RegularFile input = RegularFile.open(inbox.resolve(name));
             SeekableByteChannel copy = done.newByteChannel(temp, NEW, permissions.onCreate(inbox))) {
            input.stream().transferTo(Channels.newOutputStream(copy));
            if (copy instanceof FileChannel file) {
                file.force(true);
            }
            done.move(temp, done, target);
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
