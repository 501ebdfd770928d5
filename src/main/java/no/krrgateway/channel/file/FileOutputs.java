// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import no.krrgateway.outcome.EvidenceJson;
import no.krrgateway.outcome.OutcomeJson;

/** Where and how a file's outputs are written: its results in the outbox, a refusal in the error folder. */
record FileOutputs(Path outbox, Path error, OutcomeJson json, EvidenceJson evidenceJson, ObjectMapper mapper,
                   FilePermissions permissions) {

    /**
     * {@code NAME.error.json}, written before the refused file is moved beside it.
     *
     * @param attempts the failed attempts after which the file was given up; 0: refused at once
     * @return where the refused file itself belongs: {@code error/NAME.ext}
     */
    Path errorReport(String safeName, RejectedFileException rejection, int attempts, Instant at) throws IOException {
        Files.createDirectories(error);
        ObjectNode node = mapper.createObjectNode();
        node.put("file", safeName);
        node.put("reason", rejection.problem().name());
        node.put("detail", rejection.getMessage());
        node.put("at", at.toString());
        if (attempts > 0) {
            node.put("attempts", attempts);
        }
        TempFile.write(ResultFileNamer.inside(error, new ResultFileNamer(safeName).error()), permissions,
                mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
        return ResultFileNamer.inside(error, safeName);
    }
}
