// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import no.krrgateway.GatewayException;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.logging.PersonIdMasking;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.EvidenceJson;
import no.krrgateway.outcome.OutcomeCounts;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.outcome.RequestTally;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.RuntimeCamelException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of route {@code file-lookup} (routes/intake-file.camel.yaml) for one dropped file (docs/contract.md §4):
 * {@link #take} it under its NAME's lock, read its ids in chunks ({@link #chunks}) that the route looks up, write
 * each chunk's outputs ({@link #written}), then {@link #commit} them and move the input to {@code inbox/.done/}
 * itself, in one step under the NAME's {@link CommitLock} and only while the input is still the file it read, so that
 * an instance working on the same input by mistake can neither delete this one's summary nor move an input whose
 * summary is missing. A refused file moves to the error folder with NAME.error.json ({@link #failed}). KRR or
 * Maskinporten trouble propagates (intake is held back and the input stays in the inbox, read again from the start
 * later); any other failure (unreadable, disk full, a folder at an output's name) leaves the input for the next poll
 * until gateway.files.max-attempts, then moves it to the error folder with reason PROCESSING_FAILED.
 */
public class FileIntake {

    /** Where the input moves after its results are complete, relative to the inbox. */
    public static final String DONE = ".done";
    private static final String NOT_MOVED = "";
    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    private final FileChannelProperties properties;
    private final int chunkSize;
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

    public FileIntake(FileChannelProperties properties, int chunkSize, OutcomeJson json, ObjectMapper mapper,
                      Clock clock, FilePermissions permissions, AuditTrail audit) {
        this.properties = properties;
        this.audit = audit;
        this.permissions = permissions;
        this.chunkSize = chunkSize;
        this.json = json;
        this.evidenceJson = new EvidenceJson(mapper);
        this.mapper = mapper;
        this.clock = clock;
        this.checks = new FileChecks(properties.maxSize().toBytes());
        this.errorReport = new ErrorReport(properties.error(), mapper, permissions);
        this.mover = new InputMover(properties.inbox(), permissions);
    }

    /** One file being looked up: its names, its outputs, what it was when taken, its tally. */
    public static final class FileRun {
        final Path path;
        final String name;
        final String safeName;
        final ResultFileNamer names;
        final ResultFiles outputs;
        InputIdentity identity;
        RegularFile opened;
        IdReader reader;
        RequestTally tally;
        boolean committed;

        FileRun(Path path, String safeName, ResultFileNamer names, ResultFiles outputs) {
            this.path = path;
            this.name = path.getFileName().toString();
            this.safeName = safeName;
            this.names = names;
            this.outputs = outputs;
        }
    }

    /** Route step: the file, its NAME locked against this instance's other workers until {@link #release}. */
    public FileRun take(File input) throws InterruptedException {
        String safeName = ResultFileNamer.safeName(input.getName());
        ResultFileNamer names = new ResultFileNamer(safeName);
        FileRun run = new FileRun(input.toPath(), safeName, names,
                new ResultFiles(properties.outbox(), names, json, evidenceJson, permissions));
        locks.lock(names.stem());
        return run;
    }

    /**
     * Route step: checks the file and reads its ids, a chunk of at most the chunk size at a time as the route asks;
     * none when another instance moved it since the poll listed it. Checked and read through one handle: the name is
     * never opened twice (docs/file-channel.md).
     */
    public Iterator<LookupWork> chunks(FileRun run) throws IOException {
        Path file = run.path;
        run.identity = InputIdentity.of(file);
        try {
            run.opened = run.identity == null ? null : RegularFile.open(file);
        } catch (NoSuchFileException gone) {
            run.identity = null;
        }
        if (run.opened == null) {
            return Collections.emptyIterator();
        }
        InputFormat format = checks.check(run.name, run.opened);
        checkDoneFolder();
        run.tally = FileSummary.start(run.safeName, now());
        log.info("File {}: started", LogSafe.name(run.safeName));
        run.reader = IdReader.open(run.opened.stream(), format);
        run.outputs.open();
        return new Chunks(run);
    }

    /** Route step after each chunk's lookup: its outcomes written and counted, their keyed hashes audited. */
    public void written(FileRun run, List<PersonOutcome> outcomes) throws IOException {
        run.outputs.write(outcomes);
        outcomes.forEach(run.tally::add);
        audit.idHashes(outcomes);
    }

    /**
     * Route step after the last chunk: the outputs replaced and the input moved to .done, under the NAME's commit lock
     * and only if the input is still the file that was read, so that a summary is deleted only while its input is in
     * the inbox, and an input reaches .done only after its own summary was written; then the file's audit event.
     */
    public String commit(FileRun run) throws IOException, InterruptedException {
        if (run.identity == null) {
            return NOT_MOVED; // moved by another instance since the poll listed it
        }
        close(run);
        requireValidIds(run.tally);
        try (CommitLock lock = CommitLock.acquire(properties.outbox(), run.names.stem())) {
            if (!run.identity.matches(properties.inbox().resolve(run.name))) {
                log.info("File {}: changed, or finished by another instance, while it was looked up; this "
                        + "instance's outputs are dropped (a changed file is read again)", LogSafe.name(run.safeName));
                return NOT_MOVED;
            }
            run.outputs.commit(FileSummary.toJson(run.tally, mapper, now()));
            run.committed = true;
            mover.toDone(run.name);
        }
        attempts.forget(run.name, run.identity);
        // the file's one audit event, once its results are out (a file read again after a failure or a change is
        // audited only when it is finally committed)
        audit.committed(List.of(run.tally));
        OutcomeCounts.Totals totals = run.tally.totals();
        log.info("File {}: {} ids, {} results, {} errors in {} ms; outputs in {}", LogSafe.name(run.safeName),
                totals.ids(), totals.results(), totals.errors(),
                ChronoUnit.MILLIS.between(run.tally.startedAt(), now()), properties.outbox());
        return DONE + "/" + run.name;
    }

    /**
     * Route step on any failure: a refused file to the error folder; KRR or Maskinporten trouble thrown on (the file
     * is not to blame); any other failure tried again at the next poll, up to max-attempts.
     */
    public String failed(FileRun run, Exception failure) throws Exception {
        close(run); // the input is moved closed
        Throwable cause = failure;
        while ((cause instanceof CamelExchangeException || cause instanceof RuntimeCamelException
                || cause instanceof UncheckedIOException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        RejectedFileException rejected = ExceptionUtils.throwableOfType(cause, RejectedFileException.class);
        if (rejected != null) {
            return refuse(run, rejected);
        }
        GatewayException trouble = ExceptionUtils.throwableOfType(cause, GatewayException.class);
        if (trouble != null) {
            throw trouble;
        }
        if (run.identity == null) {
            throw failure; // not even taken: tried again at the next poll
        }
        int attempt = attempts.failed(run.name, run.identity);
        String why = cause.getClass().getSimpleName() + ": " + PersonIdMasking.mask(String.valueOf(cause.getMessage()));
        if (attempt < properties.maxAttempts()) {
            log.warn("File {}: attempt {} of {} failed ({}); trying again at the next poll",
                    LogSafe.name(run.safeName), attempt, properties.maxAttempts(), why);
            return NOT_MOVED;
        }
        attempts.forget(run.name, run.identity);
        return refuse(run, new RejectedFileException(FileProblem.PROCESSING_FAILED, "The file could not be processed "
                + "in " + attempt + " attempts (gateway.files.max-attempts); the last failure: " + why + ". Fix the "
                + "cause (the file's permissions, space in the outbox, ...) and drop the file again.", attempt));
    }

    /** Route step at the end, however it went: the file closed, outputs not committed dropped, the NAME unlocked. */
    public void release(FileRun run) {
        try {
            close(run);
            if (!run.committed) {
                run.outputs.discard();
            }
        } finally {
            locks.unlock(run.names.stem());
        }
    }

    private String refuse(FileRun run, RejectedFileException e) throws IOException {
        Path target = errorReport.write(run.safeName, e, now());
        try {
            mover.to(run.name, target);
        } catch (NoSuchFileException gone) {
            return NOT_MOVED; // moved by another instance meanwhile
        }
        log.warn("File {} refused ({}); moved to {}", LogSafe.name(run.safeName), e.problem(), target.getParent());
        return target.toAbsolutePath().toString();
    }

    private static void close(FileRun run) {
        try (RegularFile opened = run.opened; IdReader reader = run.reader) {
            run.opened = null;
            run.reader = null;
        } catch (IOException ignored) {
            // read only: nothing to lose
        }
    }

    private static void requireValidIds(RequestTally file) {
        long ids = file.totals().ids();
        if (ids == 0) {
            throw new RejectedFileException(FileProblem.NO_IDS, "The file holds no ids: only blank lines, "
                    + "comments (#) or a header.");
        }
        if (FileSummary.validIds(file) == 0) {
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

    /** The file's ids as lookup work, a chunk at a time, each id with its line. */
    private final class Chunks implements Iterator<LookupWork> {

        private final FileRun run;
        private IdLine next;

        Chunks(FileRun run) throws IOException {
            this.run = run;
            this.next = run.reader.next();
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public LookupWork next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            List<LookupItem> chunk = new ArrayList<>(Math.min(chunkSize, 1024));
            String requestId = run.tally.context().requestId();
            try {
                while (next != null && chunk.size() < chunkSize) {
                    chunk.add(new LookupItem(next.id(),
                            new RequestContext(requestId, null, new OutcomeSource.File(run.safeName, next.line()))));
                    next = run.reader.next();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new LookupWork(chunk, List.of());
        }
    }
}
