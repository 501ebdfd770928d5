// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import no.krrgateway.GatewayException;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.logging.PersonIdMasking;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.OutcomeCounts;
import no.krrgateway.outcome.EvidenceJson;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.outcome.RequestTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one dropped file (docs/contract.md §4): streams its ids in chunks through the shared lookup, writes the
 * outputs in input order, then commits them and moves the input to {@code inbox/.done/} itself, in one step under the NAME's
 * {@link CommitLock} and only while the input is still the file it read, so that an instance working on the same
 * input by mistake can neither delete this one's summary nor move an input whose summary is missing. A refused file
 * moves to the error folder with NAME.error.json. KRR or Maskinporten trouble propagates (intake is held back and
 * the input stays in the inbox, read again from the start later); any other failure (unreadable, disk full, a folder
 * at an output's name) leaves the input for the next poll until gateway.files.max-attempts, then moves it to the
 * error folder with reason PROCESSING_FAILED.
 */
public class FileIntake {

    /** Where the input moves after its results are complete, relative to the inbox. */
    public static final String DONE = ".done";
    private static final String NOT_MOVED = "";
    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    /** The shared lookup: {@code direct:lookup} in the running gateway. */
    @FunctionalInterface
    public interface Lookup {
        List<PersonOutcome> lookup(LookupWork work);
    }

    private final FileChannelProperties properties;
    private final int chunkSize;
    private final Lookup lookup;
    private final OutcomeJson json;
    private final EvidenceJson evidenceJson;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final FileChecks checks;
    private final ErrorReport errorReport;
    private final FileNameLocks locks = new FileNameLocks();
    private final FileAttempts attempts = new FileAttempts();
    private final InputMover mover;
    private final FilePermissions permissions;
    private final AuditTrail audit;

    public FileIntake(FileChannelProperties properties, int chunkSize, Lookup lookup, OutcomeJson json,
                      ObjectMapper mapper, Clock clock, FilePermissions permissions, AuditTrail audit) {
        this.properties = properties;
        this.audit = audit;
        this.permissions = permissions;
        this.chunkSize = chunkSize;
        this.lookup = lookup;
        this.json = json;
        this.evidenceJson = new EvidenceJson(mapper);
        this.mapper = mapper;
        this.clock = clock;
        this.checks = new FileChecks(properties.maxSize().toBytes());
        this.errorReport = new ErrorReport(properties.error(), mapper, permissions);
        this.mover = new InputMover(properties.inbox(), permissions);
    }

    /**
     * @return where the input went: {@code .done/NAME.ext} (relative to the inbox) or a path in the error folder;
     *         empty when it stays in the inbox (to be tried again, or finished by another instance meanwhile)
     */
    public String process(File input) throws IOException, InterruptedException {
        Path file = input.toPath();
        String name = file.getFileName().toString();
        String safeName = ResultFileNamer.safeName(name);
        ResultFileNamer names = new ResultFileNamer(safeName);
        ResultFiles outputs = new ResultFiles(properties.outbox(), names, json, evidenceJson, permissions);
        locks.lock(names.stem());
        try {
            InputIdentity identity = InputIdentity.of(file);
            if (identity == null) {
                return NOT_MOVED; // moved by another instance since the poll listed it
            }
            try {
                Instant started;
                RequestTally summary;
                // checked and read through one handle: the name is never opened twice (docs/file-channel.md)
                RegularFile opened;
                try {
                    opened = RegularFile.open(file);
                } catch (NoSuchFileException gone) {
                    return NOT_MOVED; // moved by another instance since it was looked at
                }
                try (opened) {
                    InputFormat format = checks.check(name, opened);
                    checkDoneFolder();
                    started = now();
                    log.info("File {}: started", LogSafe.name(safeName));
                    summary = lookUp(opened, format, safeName, outputs, started);
                }
                if (!commit(name, identity, names, outputs, FileSummary.toJson(summary, mapper, now()))) {
                    log.info("File {}: changed, or finished by another instance, while it was looked up; this "
                            + "instance's outputs are dropped (a changed file is read again)", LogSafe.name(safeName));
                    return NOT_MOVED;
                }
                attempts.forget(name, identity);
                // the file's one audit event, once its results are out (a file read again after a failure or a
                // change is audited only when it is finally committed)
                audit.committed(List.of(summary));
                OutcomeCounts.Totals totals = summary.totals();
                log.info("File {}: {} ids, {} results, {} errors in {} ms; outputs in {}", LogSafe.name(safeName),
                        totals.ids(), totals.results(), totals.errors(),
                        ChronoUnit.MILLIS.between(started, now()), properties.outbox());
                return DONE + "/" + name;
            } catch (RejectedFileException e) {
                return refuse(name, safeName, e);
            } catch (IOException | RuntimeException e) {
                if (lookupTrouble(e)) {
                    throw e;
                }
                return failed(name, safeName, identity, e);
            }
        } finally {
            locks.unlock(names.stem());
        }
    }

    /**
     * Replaces the outputs and moves the input to .done, under the NAME's commit lock and only if the input is still
     * the file that was read. A summary is thus deleted only while its input is in the inbox, and an input reaches
     * .done only after its own summary was written.
     *
     * @return false when the input is gone or changed (another instance finished it, or it was written to since it
     *         was read): nothing was touched
     */
    private boolean commit(String name, InputIdentity identity, ResultFileNamer names, ResultFiles outputs,
                           String summaryJson) throws IOException, InterruptedException {
        try (CommitLock lock = CommitLock.acquire(properties.outbox(), names.stem())) {
            if (!identity.matches(properties.inbox().resolve(name))) {
                outputs.discard();
                return false;
            }
            try {
                outputs.commit(summaryJson);
            } catch (IOException | RuntimeException e) {
                outputs.discard();
                throw e;
            }
            mover.toDone(name);
            return true;
        }
    }

    private String refuse(String name, String safeName, RejectedFileException e) throws IOException {
        Path target = errorReport.write(safeName, e, now());
        try {
            mover.to(name, target);
        } catch (NoSuchFileException gone) {
            return NOT_MOVED; // moved by another instance meanwhile
        }
        log.warn("File {} refused ({}); moved to {}", LogSafe.name(safeName), e.problem(), target.getParent());
        return target.toAbsolutePath().toString();
    }

    /** A failure that is not the file's content: tried again at the next poll, up to max-attempts. */
    private String failed(String name, String safeName, InputIdentity identity, Exception e) throws IOException {
        int attempt = attempts.failed(name, identity);
        String why = e.getClass().getSimpleName() + ": " + PersonIdMasking.mask(String.valueOf(e.getMessage()));
        if (attempt < properties.maxAttempts()) {
            log.warn("File {}: attempt {} of {} failed ({}); trying again at the next poll", LogSafe.name(safeName),
                    attempt, properties.maxAttempts(), why);
            return NOT_MOVED;
        }
        attempts.forget(name, identity);
        return refuse(name, safeName, new RejectedFileException(FileProblem.PROCESSING_FAILED, "The file could not "
                + "be processed in " + attempt + " attempts (gateway.files.max-attempts); the last failure: " + why
                + ". Fix the cause (the file's permissions, space in the outbox, ...) and drop the file again.",
                attempt));
    }

    /** KRR or Maskinporten trouble, or a configuration fault there: intake is held back, the file is not to blame. */
    private static boolean lookupTrouble(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof GatewayException && !(cause instanceof RejectedFileException)) {
                return true;
            }
        }
        return false;
    }

    private RequestTally lookUp(RegularFile file, InputFormat format, String name, ResultFiles outputs,
                                Instant started) throws IOException {
        RequestTally summary = FileSummary.start(name, started);
        String requestId = summary.context().requestId();
        try (IdReader reader = IdReader.open(file.stream(), format)) {
            outputs.open();
            List<LookupItem> chunk = new ArrayList<>(chunkSize);
            for (IdLine id = reader.next(); id != null; id = reader.next()) {
                var context = new RequestContext(requestId, null, new OutcomeSource.File(name, id.line()));
                chunk.add(new LookupItem(id.id(), context));
                if (chunk.size() == chunkSize) {
                    lookUp(chunk, outputs, summary);
                }
            }
            lookUp(chunk, outputs, summary);
            requireValidIds(summary);
            return summary;
        } catch (IOException | RuntimeException e) {
            outputs.discard();
            throw e;
        }
    }

    private void lookUp(List<LookupItem> chunk, ResultFiles outputs, RequestTally summary) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        List<PersonOutcome> outcomes = lookup.lookup(new LookupWork(List.copyOf(chunk), List.of()));
        outputs.write(outcomes);
        outcomes.forEach(summary::add);
        audit.idHashes(outcomes);
        chunk.clear();
    }

    private static void requireValidIds(RequestTally summary) {
        long ids = summary.totals().ids();
        if (ids == 0) {
            throw new RejectedFileException(FileProblem.NO_IDS, "The file holds no ids: only blank lines, "
                    + "comments (#) or a header.");
        }
        if (FileSummary.validIds(summary) == 0) {
            throw new RejectedFileException(FileProblem.NO_VALID_IDS, "None of the " + ids + " ids in "
                    + "the file is a valid person id (11 digits with matching check digits). Is this the right "
                    + "file or column?");
        }
    }

    /**
     * The inbox's done folder, which must be a real folder: a link there would carry inputs elsewhere. Checked early,
     * before any KRR call, and again at the move itself ({@link InputMover}).
     */
    private void checkDoneFolder() throws IOException {
        Path done = properties.inbox().resolve(DONE);
        if (Files.isSymbolicLink(done)) {
            throw new IOException("the inbox's " + DONE + " folder is not a real folder (a symbolic link); the "
                    + "gateway moves processed files only into a real folder there");
        }
        Files.createDirectories(done);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
