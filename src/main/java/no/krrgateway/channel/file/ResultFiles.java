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
import no.krrgateway.outcome.PersonOutcome;

/**
 * One input's outputs, consistent after a crash at any moment: complete temporaries first, then the old summary
 * goes (a summary never sits beside results it does not describe), evidence, results, and the summary last.
 */
final class ResultFiles {

    private final FileOutputs out;
    private final ResultFileNamer names;
    private TempFile jsonl;
    private TempFile csv;
    /** Made on the first evidence; null while none came. */
    private TempFile evidence;
    private final Set<String> evidenceWritten = new HashSet<>();

    ResultFiles(FileOutputs out, ResultFileNamer names) {
        this.out = out;
        this.names = names;
    }

    void open() throws IOException {
        Files.createDirectories(out.outbox());
        jsonl = new TempFile(path(names.jsonl()), out.permissions());
        csv = new TempFile(path(names.csv()), out.permissions());
        csv.writer().write(ResultCsv.HEADER + ResultCsv.LINE_END);
    }

    void write(List<PersonOutcome> outcomes) throws IOException {
        for (Evidence answer : EvidenceJson.of(outcomes)) {
            if (evidenceWritten.add(answer.id())) {
                if (evidence == null) {
                    evidence = new TempFile(path(names.evidence()), out.permissions());
                }
                evidence.stream().write(out.evidenceJson().toBytes(answer));
                evidence.stream().write('\n');
            }
        }
        out.json().writeLines(outcomes, jsonl.stream());
        Writer csvRows = csv.writer();
        for (PersonOutcome outcome : outcomes) {
            csvRows.write(ResultCsv.row(outcome));
            csvRows.write(ResultCsv.LINE_END);
        }
    }

    void commit(String summaryJson) throws IOException {
        Files.deleteIfExists(path(names.summary()));
        if (evidence != null) {
            evidence.commit();
        } else {
            Files.deleteIfExists(path(names.evidence()));
        }
        jsonl.commit();
        csv.commit();
        TempFile.write(path(names.summary()), out.permissions(), summaryJson);
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

    private Path path(String name) {
        return ResultFileNamer.inside(out.outbox(), name);
    }
}
