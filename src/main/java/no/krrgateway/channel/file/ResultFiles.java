// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import no.krrgateway.krr.Evidence;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.outcome.RequestTally;
import org.apache.camel.util.FileUtil;

/** Crash-safe at any moment: the old summary goes first (never beside results it does not describe), the new last. */
final class ResultFiles {

    private final FileOutputs out;
    /** The safe name less its extension: NAME in the outputs' names, the commit lock's and the error report's. */
    final String stem;
    private final Set<String> evidenceWritten = new HashSet<>();
    private boolean committed;
    RequestTally tally;
    private TempFile jsonl;
    private TempFile csv;
    private TempFile evidence; // made on the first evidence

    ResultFiles(FileOutputs out, String safeName) {
        this.out = out;
        this.stem = FileUtil.stripExt(safeName, true);
    }

    void requireValidIds() {
        long ids = tally.totals().ids();
        if (ids == 0) {
            throw new RejectedFileException(FileProblem.NO_IDS, "The file holds no ids: only blank lines, "
                    + "comments (#) or a header.");
        }
        if (tally.counts().errors(ErrorCode.INVALID_ID) == ids) {
            throw new RejectedFileException(FileProblem.NO_VALID_IDS, "None of the " + ids + " ids in "
                    + "the file is a valid person id (11 digits with matching check digits). Is this the right "
                    + "file or column?");
        }
    }

    void open(String name, Instant startedAt) throws IOException {
        // the codes a file's outcome can carry; a malformed file is refused whole instead
        tally = new RequestTally(new RequestContext("file:" + name, null, new OutcomeSource.File(name, 0)), null,
                startedAt, List.of(ErrorCode.INVALID_ID, ErrorCode.KRR_REJECTED));
        Files.createDirectories(out.outbox());
        jsonl = new TempFile(path(".results.jsonl"), out.permissions());
        csv = new TempFile(path(".results.csv"), out.permissions());
        csv.write(ResultCsv.HEADER + ResultCsv.LINE_END);
    }

    void write(List<PersonOutcome> outcomes) throws IOException {
        for (Evidence answer : OutcomeJson.evidence(outcomes)) {
            if (evidenceWritten.add(answer.id())) {
                if (evidence == null) {
                    evidence = new TempFile(path(".evidence.jsonl"), out.permissions());
                }
                evidence.stream().write(out.json().toBytes(answer));
                evidence.stream().write('\n');
            }
        }
        out.json().writeLines(outcomes, jsonl.stream());
        for (PersonOutcome outcome : outcomes) {
            csv.write(ResultCsv.row(outcome) + ResultCsv.LINE_END);
            tally.add(outcome);
        }
    }

    void commit(Instant finishedAt) throws IOException {
        String summary = summary(tally, finishedAt);
        Files.deleteIfExists(path(".summary.json"));
        if (evidence != null) {
            evidence.commit();
        } else {
            Files.deleteIfExists(path(".evidence.jsonl"));
        }
        jsonl.commit();
        csv.commit();
        TempFile.write(path(".summary.json"), out.permissions(), file -> file.write(summary));
        committed = true;
    }

    private String summary(RequestTally file, Instant finishedAt) {
        ObjectNode node = out.mapper().createObjectNode();
        node.put("file", ((OutcomeSource.File) file.context().source()).file());
        node.put("requestId", file.context().requestId());
        file.counts().putTotals(node);
        node.put("errors", file.totals().errors());
        file.counts().putReasons(node.putObject("reasons"));
        file.counts().putErrorCodes(node.putObject("errorCodes"));
        return node.put("startedAt", file.startedAt().toString()).put("finishedAt", finishedAt.toString())
                .toPrettyString() + "\n";
    }

    void discard() {
        if (!committed) {
            Stream.of(jsonl, csv, evidence).filter(Objects::nonNull).forEach(TempFile::discard);
        }
    }

    private Path path(String suffix) {
        return FileChecks.inside(out.outbox(), stem + suffix);
    }
}
