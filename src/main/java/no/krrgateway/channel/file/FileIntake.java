// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import no.krrgateway.GatewayException;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.channel.file.TempFile.CommitLock;
import no.krrgateway.channel.file.IdReader.InputFormat;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.OutcomeCounts;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestTally;
import org.apache.camel.support.LRUCacheFactory;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Route file-lookup's steps; commit and move to .done under the NAME's {@link CommitLock}, if the input is as read. */
public class FileIntake {

    public static final String DONE = ".done";
    private static final String NOT_MOVED = "";
    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    /** Read by each file's {@link ResultFiles} too, with the writers below. */
    final FileChannelProperties properties;
    final OutcomeJson json;
    final FilePermissions permissions;
    private final InputMover mover;
    private final int chunkSize;
    private final Clock clock;
    private final AuditTrail audit;
    private final InputLimits limits;
    /** One file per NAME at a time: {@code ids.txt} and {@code ids.csv} write the same outputs. */
    private final Set<String> busy = new HashSet<>();
    /** In memory: after a restart a failing file gets max-attempts again, still bounded. Read by the inbox filter. */
    final Map<String, FileRun.Attempt> attempts = LRUCacheFactory.newLRUCache(10_000);
    /** PROCESSING_FAILED whose report could not be written (error folder full): retried alone, without lookups. */
    private final Map<String, Refusal> refusals = LRUCacheFactory.newLRUCache(1_000);
    /** The last failure counted against max-attempts (masked), until a file is done or refused: health files. */
    volatile String failing;

    public FileIntake(FileChannelProperties properties, int chunkSize, OutcomeJson json, Clock clock,
                      FilePermissions permissions, AuditTrail audit, InputLimits limits) {
        this.properties = properties;
        this.json = json;
        this.permissions = permissions;
        this.mover = new InputMover(properties.inbox(), permissions);
        this.chunkSize = chunkSize;
        this.clock = clock;
        this.audit = audit;
        this.limits = limits;
    }

    public FileRun take(File input) throws InterruptedException {
        FileRun run = new FileRun(input, this, chunkSize);
        synchronized (busy) {
            while (!busy.add(run.outputs.stem)) {
                busy.wait();
            }
        }
        return run;
    }

    /** Checked and read through one handle: the name is never opened twice. */
    public Iterator<LookupWork> chunks(FileRun run) throws IOException {
        if (run.open()) { // else no chunks: another instance moved it since the poll
            Refusal refusal = refusals.get(run.attemptKey());
            if (refusal != null) { // failed max-attempts times: no lookup, its refusal again (audited as looked up)
                run.outputs.tally = refusal.tally();
                throw refusal.rejection();
            }
            InputFormat format = FileChecks.check(run.name, run.opened, properties.maxSize().toBytes());
            mover.checkDone();
            log.info("File {}: started", run.masked);
            run.start(format, now(), limits);
        }
        return run;
    }

    public void written(FileRun run, List<PersonOutcome> outcomes) throws IOException {
        run.outputs.write(outcomes);
        audit.idHashes(outcomes);
    }

    public String commit(FileRun run) throws IOException, InterruptedException {
        if (run.identity == null) {
            return NOT_MOVED; // another instance moved it since the poll
        }
        run.close();
        run.outputs.requireValidIds();
        String moved = null;
        try (CommitLock lock = CommitLock.acquire(properties.outbox(), run.outputs.stem)) {
            if (!run.identity.equals(FileRun.Identity.of(run.path))) {
                log.info("File {}: changed, or finished by another instance, while it was looked up; this "
                        + "instance's outputs are dropped (a changed file is read again)", run.masked);
                return NOT_MOVED;
            }
            run.outputs.commit(now());
            try {
                // the move takes a NAME: a new drop renamed over it during the commit stays, to be read
                if (run.identity.equals(FileRun.Identity.of(run.path))) {
                    moved = mover.toDone(run.name);
                }
            } catch (IOException | RuntimeException e) {
                if (FileRun.Identity.of(run.path) == null) {
                    return NOT_MOVED; // moved by another instance that took the lock as stale: the summary is its
                }
                // not done after all: no summary beside outputs whose input is read again or refused (contract §4)
                Files.deleteIfExists(FileChecks.inside(properties.outbox(), run.outputs.stem + ".summary.json"));
                throw e;
            }
        }
        attempts.remove(run.attemptKey());
        failing = null;
        RequestTally tally = run.outputs.tally;
        audit.committed(List.of(tally)); // once, at the final commit, however often the file was read
        OutcomeCounts.Totals totals = tally.totals();
        log.info("File {}: {} ids, {} results, {} errors in {} ms; outputs in {}", run.masked, totals.ids(),
                totals.results(), totals.errors(), ChronoUnit.MILLIS.between(tally.startedAt(), now()),
                properties.outbox());
        return moved != null ? DONE + "/" + moved : NOT_MOVED;
    }

    /** KRR or Maskinporten trouble is thrown on: the file is not to blame. */
    public String failed(FileRun run, Exception failure) throws Exception {
        run.close(); // the input is moved closed
        RejectedFileException rejected = ExceptionUtils.throwableOfType(failure, RejectedFileException.class);
        if (rejected != null) {
            return refuse(run, refusals.containsKey(run.attemptKey()) ? properties.maxAttempts() : 0, rejected);
        }
        GatewayException trouble = ExceptionUtils.throwableOfType(failure, GatewayException.class);
        if (trouble != null) {
            throw trouble;
        }
        if (run.identity == null) {
            throw failure; // not even taken: tried again at the next poll
        }
        int attempt = attempts.merge(run.attemptKey(), new FileRun.Attempt(1, now()), FileRun.Attempt::next).count();
        String why = failing = RejectedFileException.describe(failure);
        if (attempt < properties.maxAttempts()) {
            log.warn("File {}: attempt {} of {} failed ({}); trying again after a delay (gateway.hold-back.*)",
                    run.masked, attempt, properties.maxAttempts(), why);
            return NOT_MOVED;
        }
        attempts.remove(run.attemptKey());
        refusals.put(run.attemptKey(), new Refusal(new RejectedFileException(FileProblem.PROCESSING_FAILED, "The file "
                + "could not be processed in " + attempt + " attempts (gateway.files.max-attempts); the last failure: "
                + why + ". Fix the cause (the file's permissions, space in the outbox, ...) and drop the file again."),
                run.outputs.tally));
        return refuse(run, attempt, refusals.get(run.attemptKey()).rejection());
    }

    public void release(FileRun run) {
        try {
            run.close();
            run.outputs.discard();
        } finally {
            synchronized (busy) {
                busy.remove(run.outputs.stem);
                busy.notifyAll();
            }
        }
    }

    /** NAME.error.json (attempts 0: refused at once), then the input beside it. @return where it went, or "" */
    private String refuse(FileRun run, int attempts, RejectedFileException rejection) throws IOException {
        if (run.identity != null && !run.identity.equals(FileRun.Identity.of(run.path))) {
            return NOT_MOVED; // the move takes a NAME: a new drop renamed over the file read stays, to be read
        }
        permissions.folder(properties.error());
        Instant at = now();
        // an input named like a report (x.error.json, after mv error/* inbox/) neither replaces x.txt's nor is replaced
        String ext = (run.safeName.toLowerCase(Locale.ROOT).endsWith(".error.json") ? run.safeName + "_"
                : run.safeName).substring(run.outputs.stem.length());
        // NAME-2, ... when NAME's input or report is there (a name made safe, a drop refused again): none replaced
        Path target = FileChecks.claim(properties.error(), run.outputs.stem, List.of(".error.json", ext), name -> {
            ObjectNode node = JsonNodeFactory.instance.objectNode().put("file", name + ext).put("reason",
                    rejection.problem().name()).put("detail", rejection.getMessage()).put("at", at.toString());
            if (attempts > 0) {
                node.put("attempts", attempts);
            }
            Path report = FileChecks.inside(properties.error(), name + ".error.json");
            TempFile.write(report, permissions, file -> file.write(node.toPrettyString() + "\n"));
            try {
                mover.to(run.name, FileChecks.inside(properties.error(), name + ext));
                return FileChecks.inside(properties.error(), name + ext);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(report); // the input stays in the inbox, to be read again: not refused after all
                if (e instanceof NoSuchFileException) {
                    return null; // moved by another instance meanwhile
                }
                throw e;
            }
        });
        if (target == null) {
            return NOT_MOVED;
        }
        try { // retention counts from the refusal, as its report's; setTimes opens all but links: a plain file its own
            if (Files.isSymbolicLink(target)
                    || Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && FileChecks.hardLinks(target) == 1) {
                Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(FileTime.from(at), null, null);
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("File {}: its time in the error folder is the input's own ({})", run.masked,
                    e.getClass().getSimpleName());
        }
        if (run.outputs.tally != null && run.outputs.tally.totals().ids() > 0) { // looked up before it was refused
            audit.refused(run.outputs.tally, rejection.problem().name());
        }
        log.warn("File {} refused ({}); moved to {}", run.masked, rejection.problem(), target.getParent());
        refusals.remove(run.attemptKey());
        failing = null;
        return target.toAbsolutePath().toString();
    }

    private record Refusal(RejectedFileException rejection, RequestTally tally) { }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
