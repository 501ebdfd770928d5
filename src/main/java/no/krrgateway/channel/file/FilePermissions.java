// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.commons.lang3.function.FailableBiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owner-only by default, since outputs hold contact data and inputs person ids; nothing set without POSIX modes. */
public record FilePermissions(GroupAccess group,
                              FailableBiConsumer<Path, Set<PosixFilePermission>, IOException> inputMode) {

    private static final Logger log = LoggerFactory.getLogger(FilePermissions.class);

    public enum GroupAccess {
        NONE("rw-------", "rwx------"), READ("rw-r-----", "rwxr-x---"), READ_WRITE("rw-rw----", "rwxrwx---");

        private final Set<PosixFilePermission> mode;
        private final Set<PosixFilePermission> folderMode;

        GroupAccess(String mode, String folderMode) {
            this.mode = Set.copyOf(PosixFilePermissions.fromString(mode));
            this.folderMode = Set.copyOf(PosixFilePermissions.fromString(folderMode));
        }
    }

    /** The JDK's chmod; a test's {@code inputMode} fails, as a chmod of another user's file does. */
    public FilePermissions(GroupAccess group) {
        this(group, FilePermissions::apply);
    }

    Set<PosixFilePermission> mode() {
        return group.mode;
    }

    /** For creating a file in {@code folder} with the mode from the start (the umask may only take bits away). */
    FileAttribute<?>[] onCreate(Path folder) {
        return onCreate(folder, mode());
    }

    /** A missing folder and its parents with the files' mode plus search (less the umask): names may hold an id. */
    public Path folder(Path folder) throws IOException {
        return Files.createDirectories(folder, onCreate(folder, group.folderMode));
    }

    private static FileAttribute<?>[] onCreate(Path at, Set<PosixFilePermission> mode) {
        return Files.getFileAttributeView(at, PosixFileAttributeView.class) != null
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    static void apply(Path file, Set<PosixFilePermission> mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            view.setPermissions(mode);
        }
    }

    /** Before the move (a rename keeps it); fails for another user's file, which the mover then copies instead. */
    boolean applyToInput(Path input) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(input, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes attributes = view == null ? null : view.readAttributes(); // lstat: opens nothing
            if (attributes != null && attributes.isRegularFile() && !mode().containsAll(attributes.permissions())
                    && FileChecks.hardLinks(input) <= 1) {
                inputMode.accept(input, mode());
            }
            return true;
        } catch (NoSuchFileException gone) {
            return true; // moved by another instance: the move says so
        } catch (IOException e) {
            log.warn("Could not make an input owner-only before moving it ({}); it is copied instead",
                    e instanceof FileSystemException fs ? fs.getReason() : e.getClass().getSimpleName());
        }
        return false;
    }
}
