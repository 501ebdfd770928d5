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

/**
 * The mode of what the file channel writes and moves: owner-only ({@code rw-------}) by default, since outputs hold
 * contact data and inputs hold person ids; {@code gateway.files.permissions.group} adds group read (or read-write) for
 * a legacy exchange whose reader runs as another user of the same group. On a file system without POSIX modes
 * (Windows) nothing is set.
 */
public final class FilePermissions {

    private static final Logger log = LoggerFactory.getLogger(FilePermissions.class);

    /** What the file's group may do. */
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

    /** Sets the mode on a file the gateway created (after the umask had its say). */
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

    /**
     * Sets the mode on an input before it is moved to {@code .done/} or the error folder (a rename keeps it).
     * Whoever dropped the file may own it, and then only they can change its mode: the mover then copies it into an
     * owner-only file instead ({@link InputMover}).
     */
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
        } catch (FileSystemException e) {
            log.warn("Could not make an input owner-only before moving it ({}); it is copied instead",
                    e.getReason());
        } catch (IOException e) {
            log.warn("Could not make an input owner-only before moving it ({}); it is copied instead",
                    e.getClass().getSimpleName());
        }
        return false;
    }

    private static boolean posix(Path folder) {
        return Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null;
    }
}
