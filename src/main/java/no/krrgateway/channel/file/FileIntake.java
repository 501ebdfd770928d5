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
 * The steps of route {@code file-lookup} for one dropped file (docs/contract.md §4). The commit and the move to
 * .done happen under the NAME's {@link CommitLock} and only while the input is still the file read, so an instance
 * working on it by mistake can neither delete this one's summary nor move an input whose summary is missing.
 */
public class FileIntake {

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

    public FileRun take(File input) throws InterruptedException {
        String safeName = ResultFileNamer.safeName(input.getName());
        ResultFileNamer names = new ResultFileNamer(safeName);
        FileRun run = new FileRun(input.toPath(), safeName, names,
                new ResultFiles(properties.outbox(), names, json, evidenceJson, permissions));
        locks.lock(names.stem());
        return run;
    }

    /** Checked and read through one handle: the name is never opened twice (docs/file-channel.md). */
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

    public void written(FileRun run, List<PersonOutcome> outcomes) throws IOException {
        run.outputs.write(outcomes);
        outcomes.forEach(run.tally::add);
        audit.idHashes(outcomes);
    }

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
        // audited once, at the final commit, however often the file was read
        audit.committed(List.of(run.tally));
        OutcomeCounts.Totals totals = run.tally.totals();
        log.info("File {}: {} ids, {} results, {} errors in {} ms; outputs in {}", LogSafe.name(run.safeName),
                totals.ids(), totals.results(), totals.errors(),
                ChronoUnit.MILLIS.between(run.tally.startedAt(), now()), properties.outbox());
        return DONE + "/" + run.name;
    }

    /** KRR or Maskinporten trouble is thrown on: the file is not to blame. */
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

    /** Must be a real folder (a link would carry inputs elsewhere); checked before any KRR call and at the move. */
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
