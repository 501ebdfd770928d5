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
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owner-only by default, since outputs hold contact data and inputs person ids; nothing set without POSIX modes. */
public final class FilePermissions {

    private static final Logger log = LoggerFactory.getLogger(FilePermissions.class);

    public enum GroupAccess { NONE, READ, READ_WRITE }

    /** How an input's mode is set; a test's stands for a chmod that fails (as it does for a file of another user). */
    interface ModeSetter {
        void set(Path file, Set<PosixFilePermission> mode) throws IOException;
    }

    private final Set<PosixFilePermission> mode;
    private final ModeSetter inputMode;

    public FilePermissions(GroupAccess group) {
        this(group, FilePermissions::apply);
    }

    FilePermissions(GroupAccess group, ModeSetter inputMode) {
        this.inputMode = inputMode;
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        if (group != GroupAccess.NONE) {
            permissions.add(PosixFilePermission.GROUP_READ);
        }
        if (group == GroupAccess.READ_WRITE) {
            permissions.add(PosixFilePermission.GROUP_WRITE);
        }
        this.mode = Set.copyOf(permissions);
    }

    public static FilePermissions ownerOnly() {
        return new FilePermissions(GroupAccess.NONE);
    }

    public Set<PosixFilePermission> mode() {
        return mode;
    }

    /** For creating a file in {@code folder} with the mode from the start (the umask may only take bits away). */
    FileAttribute<?>[] onCreate(Path folder) {
        return posix(folder) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
    }

    void apply(Path file) throws IOException {
        apply(file, mode);
    }

    private static void apply(Path file, Set<PosixFilePermission> mode) throws IOException {
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
            if (view == null) {
                return true;
            }
            PosixFileAttributes attributes = view.readAttributes(); // lstat: opens nothing
            if (!attributes.isRegularFile() || mode.containsAll(attributes.permissions())
                    || FileChecks.hardLinks(input) > 1) {
                return true;
            }
            inputMode.set(input, mode);
            return true;
        } catch (NoSuchFileException gone) {
            return true; // moved by another instance: the move says so
        } catch (IOException e) {
            log.warn("Could not make an input owner-only before moving it ({}); it is copied instead",
                    e instanceof FileSystemException fs ? fs.getReason() : e.getClass().getSimpleName());
        }
        return false;
    }

    private static boolean posix(Path folder) {
        return Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null;
    }
}
