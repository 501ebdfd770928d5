// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import no.krrgateway.outcome.OutcomeJson;

record FileOutputs(Path outbox, Path error, InputMover mover, OutcomeJson json, ObjectMapper mapper,
                   FilePermissions permissions) {

    /** NAME.error.json (attempts 0: refused at once), then the input beside it. @return null: another moved it */
    Path refuse(FileRun run, RejectedFileException rejection, int attempts, Instant at) throws IOException {
        Files.createDirectories(error);
        ObjectNode node = mapper.createObjectNode();
        node.put("file", run.safeName);
        node.put("reason", rejection.problem().name());
        node.put("detail", rejection.getMessage());
        node.put("at", at.toString());
        if (attempts > 0) {
            node.put("attempts", attempts);
        }
        TempFile.write(ResultFileNamer.inside(error, run.outputs.names.error()), permissions,
                file -> file.write(node.toPrettyString() + "\n"));
        Path target = ResultFileNamer.inside(error, run.safeName);
        try {
            mover.to(run.name, target);
            return target;
        } catch (NoSuchFileException gone) {
            return null;
        }
    }
}
