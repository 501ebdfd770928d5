// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import no.krrgateway.GatewayException;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.logging.PersonIdMasking;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.EvidenceJson;
import no.krrgateway.outcome.OutcomeCounts;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;
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
    private final FileOutputs outputs;
    private final InputMover mover;
    private final Clock clock;
    private final AuditTrail audit;
    private final FileNameLocks locks = new FileNameLocks();
    private final FileAttempts attempts = new FileAttempts();

    public FileIntake(FileChannelProperties properties, int chunkSize, OutcomeJson json, ObjectMapper mapper,
                      Clock clock, FilePermissions permissions, AuditTrail audit) {
        this.properties = properties;
        this.chunkSize = chunkSize;
        this.outputs = new FileOutputs(properties.outbox(), properties.error(), json, new EvidenceJson(mapper), mapper,
                permissions);
        this.mover = new InputMover(properties.inbox(), permissions);
        this.clock = clock;
        this.audit = audit;
    }

    public FileRun take(File input) throws InterruptedException {
        FileRun run = new FileRun(input, outputs, chunkSize);
        locks.lock(run.names.stem());
        return run;
    }

    /** Checked and read through one handle: the name is never opened twice (docs/file-channel.md). */
    public Iterator<LookupWork> chunks(FileRun run) throws IOException {
        if (!run.open()) {
            return Collections.emptyIterator();
        }
        InputFormat format = FileChecks.check(run.name, run.opened, properties.maxSize().toBytes());
        mover.checkDone();
        run.tally = FileSummary.start(run.safeName, now());
        log.info("File {}: started", PersonIdMasking.mask(run.safeName));
        run.outputs.open();
        run.read(IdReader.open(run.opened.stream(), format));
        return run;
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
        run.close();
        FileSummary.requireValidIds(run.tally);
        try (CommitLock lock = CommitLock.acquire(properties.outbox(), run.names.stem())) {
            if (!run.identity.matches(properties.inbox().resolve(run.name))) {
                log.info("File {}: changed, or finished by another instance, while it was looked up; this "
                        + "instance's outputs are dropped (a changed file is read again)",
                        PersonIdMasking.mask(run.safeName));
                return NOT_MOVED;
            }
            run.commit(FileSummary.toJson(run.tally, outputs.mapper(), now()));
            mover.toDone(run.name);
        }
        attempts.forget(run.name, run.identity);
        // audited once, at the final commit, however often the file was read
        audit.committed(List.of(run.tally));
        OutcomeCounts.Totals totals = run.tally.totals();
        log.info("File {}: {} ids, {} results, {} errors in {} ms; outputs in {}", PersonIdMasking.mask(run.safeName),
                totals.ids(), totals.results(), totals.errors(),
                ChronoUnit.MILLIS.between(run.tally.startedAt(), now()), properties.outbox());
        return DONE + "/" + run.name;
    }

    /** KRR or Maskinporten trouble is thrown on: the file is not to blame. */
    public String failed(FileRun run, Exception failure) throws Exception {
        run.close(); // the input is moved closed
        Throwable cause = failure;
        while ((cause instanceof CamelExchangeException || cause instanceof RuntimeCamelException
                || cause instanceof UncheckedIOException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        RejectedFileException rejected = ExceptionUtils.throwableOfType(cause, RejectedFileException.class);
        if (rejected != null) {
            return refuse(run, rejected, 0);
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
                    PersonIdMasking.mask(run.safeName), attempt, properties.maxAttempts(), why);
            return NOT_MOVED;
        }
        attempts.forget(run.name, run.identity);
        return refuse(run, new RejectedFileException(FileProblem.PROCESSING_FAILED, "The file could not be processed "
                + "in " + attempt + " attempts (gateway.files.max-attempts); the last failure: " + why + ". Fix the "
                + "cause (the file's permissions, space in the outbox, ...) and drop the file again."), attempt);
    }

    public void release(FileRun run) {
        try {
            run.release();
        } finally {
            locks.unlock(run.names.stem());
        }
    }

    private String refuse(FileRun run, RejectedFileException e, int attempts) throws IOException {
        Path target = outputs.errorReport(run.safeName, e, attempts, now());
        try {
            mover.to(run.name, target);
        } catch (NoSuchFileException gone) {
            return NOT_MOVED; // moved by another instance meanwhile
        }
        log.warn("File {} refused ({}); moved to {}", PersonIdMasking.mask(run.safeName), e.problem(),
                target.getParent());
        return target.toAbsolutePath().toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
