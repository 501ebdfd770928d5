// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.krrgateway.channel.file.FileChannelProperties;

/** The folders must share one file system with {@code .done}: inputs move by renaming. */
final class FoldersCheck {

    private FoldersCheck() {
    }

    static List<CheckLine> run(FileChannelProperties files) {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("gateway.files.inbox", files.inbox());
        folders.put("gateway.files.outbox", files.outbox());
        folders.put("gateway.files.error", files.error());
        List<CheckLine> lines = new ArrayList<>();
        FileStore done = null;
        for (var entry : folders.entrySet()) {
            String property = entry.getKey();
            Path folder = entry.getValue().toAbsolutePath().normalize();
            String name = "folder " + property.substring("gateway.files.".length());
            try {
                if (Files.exists(folder) && !Files.isDirectory(folder)) {
                    lines.add(CheckLine.fail(name, folder + " is not a folder: point " + property + " at a folder"));
                    continue;
                }
                Files.createDirectories(folder);
                Path probe = Files.createTempFile(folder, ".krr-gateway-check", ".tmp");
                Files.delete(probe);
                FileStore store = Files.getFileStore(folder);
                if (property.equals("gateway.files.inbox")) {
                    done = Files.getFileStore(Files.createDirectories(folder.resolve(".done")));
                }
                if (done != null && !store.equals(done)) {
                    lines.add(CheckLine.fail(name, folder + " is on another file system (" + store.name() + ") than "
                            + "the inbox's .done (" + done.name() + "): inputs are moved by renaming; put " + property
                            + " on the inbox's file system"));
                } else {
                    lines.add(CheckLine.ok(name, folder + " is writable, on the file system of the inbox's .done"));
                }
            } catch (IOException | SecurityException e) {
                lines.add(CheckLine.fail(name, folder + " is not writable for this user (" + e.getClass()
                        .getSimpleName() + "): give the gateway's user write access, or point " + property
                        + " elsewhere"));
            }
        }
        return lines;
    }
}
