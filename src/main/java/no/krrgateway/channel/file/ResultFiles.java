// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;

/**
 * One input's outputs in the outbox, made so that a crash at any moment leaves them consistent: results are written
 * under temporary names; only when they are complete does an earlier summary of the same NAME go (a summary never
 * sits beside results it does not describe), then the results are renamed, jsonl then csv, and the summary comes
 * last. Until that moment the outputs of an earlier drop of the same NAME stay as they were.
 */
final class ResultFiles {

    private final Path outbox;
    private final FilePermissions permissions;
    private final ResultFileNamer names;
    private final OutcomeJson json;
    private TempFile jsonl;
    private TempFile csv;

    ResultFiles(Path outbox, ResultFileNamer names, OutcomeJson json, FilePermissions permissions) {
        this.outbox = outbox;
        this.permissions = permissions;
        this.names = names;
        this.json = json;
    }

    void open() throws IOException {
        Files.createDirectories(outbox);
        jsonl = TempFile.create(ResultFileNamer.inside(outbox, names.jsonl()), permissions);
        csv = TempFile.create(ResultFileNamer.inside(outbox, names.csv()), permissions);
        csv.writer().write(ResultCsv.HEADER + ResultCsv.LINE_END);
    }

    void write(List<PersonOutcome> outcomes) throws IOException {
        json.writeLines(outcomes, jsonl.stream());
        Writer csvRows = csv.writer();
        for (PersonOutcome outcome : outcomes) {
            csvRows.write(ResultCsv.row(outcome));
            csvRows.write(ResultCsv.LINE_END);
        }
    }

    void commit(String summaryJson) throws IOException {
        Files.deleteIfExists(ResultFileNamer.inside(outbox, names.summary()));
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

    /** Drops the temporary files after a failure; the input stays where it is and is read again later. */
    void discard() {
        if (jsonl != null) {
            jsonl.discard();
        }
        if (csv != null) {
            csv.discard();
        }
    }
}
