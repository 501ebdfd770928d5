// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import no.krrgateway.krr.Evidence;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.outcome.RequestTally;
import no.krrgateway.verdict.Verdict;
import no.krrgateway.verdict.Verdict.CertificateVerdict;
import no.krrgateway.verdict.Verdict.ChannelVerdict;
import org.apache.camel.util.FileUtil;

/** Crash-safe at any moment: the old summary goes first (never beside results it does not describe), the new last. */
final class ResultFiles {

    /** NAME.results.csv's columns (docs/contract.md §4); new ones go at the end, for positional readers. */
    static final String HEADER = "personidentifikator,notifiable,status,reservasjon,email,email_usable,mobile,"
            + "mobile_usable,spraak,reasons,error,digital_post_address,digital_post_provider,certificate_not_after,"
            + "certificate_usable,krr_varslingsstatus,evidence_id";
    static final String LINE_END = "\r\n";
    /** First characters with which a spreadsheet runs a cell as a formula. */
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final Pattern NEEDS_QUOTES = Pattern.compile("[,\"\r\n]");

    private final FileIntake intake;
    /** The safe name less its extension: NAME in the outputs' names, the commit lock's and the error report's. */
    final String stem;
    private final Set<String> evidenceWritten = new HashSet<>();
    private boolean committed;
    RequestTally tally;
    private TempFile jsonl;
    private TempFile csv;
    private TempFile evidence; // made on the first evidence

    ResultFiles(FileIntake intake, String safeName) {
        this.intake = intake;
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
        intake.permissions.folder(intake.properties.outbox());
        jsonl = new TempFile(path(".results.jsonl"), intake.permissions);
        csv = new TempFile(path(".results.csv"), intake.permissions);
        csv.write(HEADER + LINE_END);
    }

    void write(List<PersonOutcome> outcomes) throws IOException {
        for (Evidence answer : OutcomeJson.evidence(outcomes)) {
            if (evidenceWritten.add(answer.id())) {
                if (evidence == null) {
                    evidence = new TempFile(path(".evidence.jsonl"), intake.permissions);
                }
                evidence.stream().write(intake.json.toBytes(answer));
                evidence.stream().write('\n');
            }
        }
        intake.json.writeLines(outcomes, jsonl.stream());
        for (PersonOutcome outcome : outcomes) {
            csv.write(row(outcome) + LINE_END);
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
        TempFile.write(path(".summary.json"), intake.permissions, file -> file.write(summary));
        committed = true;
    }

    private String summary(RequestTally file, Instant finishedAt) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
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
        return FileChecks.inside(intake.properties.outbox(), stem + suffix);
    }

    static String row(PersonOutcome outcome) {
        if (outcome instanceof PersonOutcome.Result result) {
            Verdict verdict = result.verdict();
            KrrPerson krr = result.krr();
            Optional<CertificateVerdict> certificate = result.certificate();
            return String.join(",",
                    quote(result.personId()),
                    String.valueOf(verdict.notifiable()),
                    quote(krr.statusText()),
                    quote(krr.reservationText()),
                    quote(verdict.email().map(ChannelVerdict::address).orElse("")),
                    usable(verdict.email()),
                    quote(verdict.mobile().map(ChannelVerdict::address).orElse("")),
                    usable(verdict.mobile()),
                    quote(krr.language()),
                    verdict.reasons().stream().map(Enum::name).collect(Collectors.joining("|")),
                    "",
                    quote(result.krr().digitalPost().map(KrrPerson.DigitalPost::address).orElse("")),
                    quote(result.krr().digitalPost().map(KrrPerson.DigitalPost::provider).orElse("")),
                    certificate.flatMap(CertificateVerdict::notAfter).map(Object::toString).orElse(""),
                    certificate.map(c -> String.valueOf(c.usable())).orElse(""),
                    quote(result.krr().varslingsstatus()),
                    result.evidence() == null ? "" : result.evidence().id());
        }
        PersonOutcome.Error error = (PersonOutcome.Error) outcome;
        return String.join(",", quote(defuse(error.personId())), "false", "", "", "", "", "", "", "", "",
                error.code().name(), "", "", "", "", "", "");
    }

    private static String usable(Optional<ChannelVerdict> channel) {
        return channel.map(c -> String.valueOf(c.usable())).orElse("");
    }

    /** An error row repeats the file's text: one a spreadsheet would run as a formula gets a leading apostrophe. */
    static String defuse(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    static String quote(String value) {
        if (value == null) {
            return "";
        }
        return NEEDS_QUOTES.matcher(value).find() ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
