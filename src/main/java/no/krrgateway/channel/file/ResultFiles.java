// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.krrgateway.krr.Evidence;
import no.krrgateway.outcome.EvidenceJson;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;

/**
 * One input's outputs, consistent after a crash at any moment: complete temporaries first, then the old summary
 * goes (a summary never sits beside results it does not describe), evidence, results, and the summary last.
 */
final class ResultFiles {

    private final Path outbox;
    private final FilePermissions permissions;
    private final ResultFileNamer names;
    private final OutcomeJson json;
    private final EvidenceJson evidenceJson;
    private TempFile jsonl;
    private TempFile csv;
    /** Made on the first evidence; null while none came. */
    private TempFile evidence;
    private final Set<String> evidenceWritten = new HashSet<>();

    ResultFiles(Path outbox, ResultFileNamer names, OutcomeJson json, EvidenceJson evidenceJson,
                FilePermissions permissions) {
        this.outbox = outbox;
        this.permissions = permissions;
        this.names = names;
        this.json = json;
        this.evidenceJson = evidenceJson;
    }

    void open() throws IOException {
        Files.createDirectories(outbox);
        jsonl = TempFile.create(ResultFileNamer.inside(outbox, names.jsonl()), permissions);
        csv = TempFile.create(ResultFileNamer.inside(outbox, names.csv()), permissions);
        csv.writer().write(ResultCsv.HEADER + ResultCsv.LINE_END);
    }

    void write(List<PersonOutcome> outcomes) throws IOException {
        for (Evidence answer : EvidenceJson.of(outcomes)) {
            if (evidenceWritten.add(answer.id())) {
                if (evidence == null) {
                    evidence = TempFile.create(ResultFileNamer.inside(outbox, names.evidence()), permissions);
                }
                evidence.stream().write(evidenceJson.toBytes(answer));
                evidence.stream().write('\n');
            }
        }
        json.writeLines(outcomes, jsonl.stream());
        Writer csvRows = csv.writer();
        for (PersonOutcome outcome : outcomes) {
            csvRows.write(ResultCsv.row(outcome));
            csvRows.write(ResultCsv.LINE_END);
        }
    }

    void commit(String summaryJson) throws IOException {
        Files.deleteIfExists(ResultFileNamer.inside(outbox, names.summary()));
        if (evidence != null) {
            evidence.commit();
        } else {
            Files.deleteIfExists(ResultFileNamer.inside(outbox, names.evidence()));
        }
        jsonl.commit();
        csv.commit();
        TempFile summary = TempFile.create(ResultFileNamer.inside(outbox, names.summary()), permissions);
        try {
            summary.writer().write(summaryJson);
            summary.commit();
        } catch (IOException | RuntimeException e) {
            summary.discard();
            throw e;
        }
    }

    void discard() {
        if (jsonl != null) {
            jsonl.discard();
        }
        if (csv != null) {
            csv.discard();
        }
        if (evidence != null) {
            evidence.discard();
        }
    }
}
