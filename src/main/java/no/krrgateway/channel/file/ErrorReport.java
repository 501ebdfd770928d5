// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** {@code NAME.error.json}, written before the refused file is moved beside it. */
final class ErrorReport {

    private final Path errorFolder;
    private final ObjectMapper mapper;
    private final FilePermissions permissions;

    ErrorReport(Path errorFolder, ObjectMapper mapper, FilePermissions permissions) {
        this.errorFolder = errorFolder;
        this.mapper = mapper;
        this.permissions = permissions;
    }

    /** @return where the refused file itself belongs: {@code error/NAME.ext} */
    Path write(String safeName, RejectedFileException rejection, Instant at) throws IOException {
        Files.createDirectories(errorFolder);
        ObjectNode node = mapper.createObjectNode();
        node.put("file", safeName);
        node.put("reason", rejection.problem().name());
        node.put("detail", rejection.detail());
        node.put("at", at.toString());
        if (rejection.attempts() > 0) {
            node.put("attempts", rejection.attempts());
        }
        TempFile report = TempFile.create(ResultFileNamer.inside(errorFolder,
                new ResultFileNamer(safeName).error()), permissions);
        try {
            report.writer().write(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
            report.commit();
        } catch (IOException | RuntimeException e) {
            report.discard();
            throw e;
        }
        return ResultFileNamer.inside(errorFolder, safeName);
    }
}
