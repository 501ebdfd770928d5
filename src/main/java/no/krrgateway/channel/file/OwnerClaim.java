// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/** This instance's claim file: lines instance=, host=, pid= and beat= (a heartbeat count that only goes up). */
final class OwnerClaim {

    static final int MAX_BYTES = 1024;

    final Path path;
    final String host = hostName();
    final long pid = ProcessHandle.current().pid();
    private final String instance = UUID.randomUUID().toString();
    private long beat;
    private final FilePermissions permissions;

    OwnerClaim(Path inbox, FilePermissions permissions) {
        this.path = inbox.resolve(InboxOwnership.CLAIM);
        this.permissions = permissions;
    }

    boolean ours(String content) {
        return instance.equals(field(content, "instance"));
    }

    /** CREATE_NEW neither follows a link nor replaces anything. @return false: lost the race */
    boolean create() throws IOException {
        permissions.folder(path.toAbsolutePath().getParent());
        try {
            Files.writeString(path, text(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException lostTheRace) {
            return false;
        }
    }

    /** Through an exclusive, unguessable temp file and a rename: anything planted is never written to. */
    void refresh() throws IOException {
        Path temp = path.resolveSibling(InboxOwnership.CLAIM + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, text(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    void removeIfOurs() throws IOException {
        String content = read();
        if (content != null && ours(content)) {
            Files.deleteIfExists(path);
        }
    }

    /** Without following a link or opening a FIFO; null when there is none. */
    String read() throws IOException {
        try (RegularFile file = RegularFile.open(path)) {
            byte[] content = file.head(MAX_BYTES + 1);
            if (content.length > MAX_BYTES) {
                throw new Untrusted("it holds more than " + MAX_BYTES + " bytes");
            }
            return new String(content, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (RejectedFileException e) {
            throw new Untrusted(e.problem() == FileProblem.SYMBOLIC_LINK ? "it is a symbolic link"
                    : "it is not a regular file (a pipe, a device, a socket or a folder)");
        }
    }

    /** The last line of that name counts. */
    static String field(String content, String name) {
        return Arrays.stream(content.split("\n")).filter(line -> line.startsWith(name + "=")).reduce((a, b) -> b)
                .map(line -> line.substring(name.length() + 1).strip()).orElse(null);
    }

    static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String text() {
        return "instance=" + instance + "\nhost=" + host + "\npid=" + pid + "\nbeat=" + ++beat + "\n";
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            return env != null && !env.isBlank() ? env : InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A claim no gateway instance writes: neither waited on nor taken over. */
    static final class Untrusted extends IOException {
        Untrusted(String why) {
            super(why);
        }
    }
}
