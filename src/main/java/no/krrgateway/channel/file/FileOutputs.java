// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import no.krrgateway.outcome.EvidenceJson;
import no.krrgateway.outcome.OutcomeJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

record FileOutputs(Path outbox, Path error, InputMover mover, OutcomeJson json, EvidenceJson evidenceJson,
                   ObjectMapper mapper, FilePermissions permissions) {

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class); // the intake's lines

    /** NAME.error.json (attempts 0: refused at once), then the input beside it. @return where it went, or "" */
    String refuse(FileRun run, RejectedFileException rejection, int attempts, Instant at) throws IOException {
        Files.createDirectories(error);
        ObjectNode node = mapper.createObjectNode();
        node.put("file", run.safeName);
        node.put("reason", rejection.problem().name());
        node.put("detail", rejection.getMessage());
        node.put("at", at.toString());
        if (attempts > 0) {
            node.put("attempts", attempts);
        }
        TempFile.write(FileChecks.inside(error, run.outputs.stem + ".error.json"), permissions,
                file -> file.write(node.toPrettyString() + "\n"));
        Path target = FileChecks.inside(error, run.safeName);
        try {
            mover.to(run.name, target);
        } catch (NoSuchFileException gone) {
            return ""; // moved by another instance meanwhile
        }
        log.warn("File {} refused ({}); moved to {}", run.masked, rejection.problem(), target.getParent());
        return target.toAbsolutePath().toString();
    }
}
