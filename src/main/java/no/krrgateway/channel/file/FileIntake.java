// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one dropped file (docs/contract.md §4): streams its ids in chunks through the shared lookup, writes the outputs
 * in input order, and answers where the input goes next. Anything but a refused file (KRR down, a disk error)
 * propagates, so the input stays in the inbox and is read again from the start at a later poll.
 */
public class FileIntake {

    /** Where the input moves after its results are complete, relative to the inbox. */
    public static final String DONE = ".done";
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
    private final ObjectMapper mapper;
    private final Clock clock;
    private final FileChecks checks;
    private final ErrorReport errorReport;
    private final FileNameLocks locks = new FileNameLocks();

    public FileIntake(FileChannelProperties properties, int chunkSize, Lookup lookup, OutcomeJson json,
                      ObjectMapper mapper, Clock clock) {
        this.properties = properties;
        this.chunkSize = chunkSize;
        this.lookup = lookup;
        this.json = json;
        this.mapper = mapper;
        this.clock = clock;
        this.checks = new FileChecks(properties.maxSize().toBytes());
        this.errorReport = new ErrorReport(properties.error(), mapper);
    }

    /** @return where the input goes now: {@code .done/NAME.ext} (relative to the inbox) or the error folder */
    public String process(File input) throws IOException, InterruptedException {
        Path file = input.toPath();
        String safeName = ResultFileNamer.safeName(file.getFileName().toString());
        ResultFileNamer names = new ResultFileNamer(safeName);
        ResultFiles outputs = new ResultFiles(properties.outbox(), names, json);
        locks.lock(names.stem());
        try {
            InputFormat format = checks.check(file);
            checkDoneFolder();
            Instant started = now();
            log.info("File {}: started", LogSafe.name(safeName));
            FileSummary summary = lookUp(file, format, safeName, outputs, started);
            log.info("File {}: {} ids, {} results, {} errors in {} ms; outputs in {}", LogSafe.name(safeName),
                    summary.ids(), summary.results(), summary.errors(),
                    ChronoUnit.MILLIS.between(started, now()), properties.outbox());
            return DONE + "/" + file.getFileName();
        } catch (RejectedFileException e) {
            Path target = errorReport.write(safeName, e, now());
            log.warn("File {} refused ({}); moved to {}", LogSafe.name(safeName), e.problem(), target.getParent());
            return target.toAbsolutePath().toString();
        } finally {
            locks.unlock(names.stem());
        }
    }

    private FileSummary lookUp(Path file, InputFormat format, String name, ResultFiles outputs, Instant started)
            throws IOException {
        String requestId = "file:" + name;
        FileSummary summary = new FileSummary(name, started);
        try (IdReader reader = IdReader.open(file, format)) {
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
            outputs.commit(summary.toJson(mapper, requestId, now()));
            return summary;
        } catch (IOException | RuntimeException e) {
            outputs.discard();
            throw e;
        }
    }

    private void lookUp(List<LookupItem> chunk, ResultFiles outputs, FileSummary summary) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        List<PersonOutcome> outcomes = lookup.lookup(new LookupWork(List.copyOf(chunk), List.of()));
        outputs.write(outcomes);
        outcomes.forEach(summary::add);
        chunk.clear();
    }

    private static void requireValidIds(FileSummary summary) {
        if (summary.ids() == 0) {
            throw new RejectedFileException(FileProblem.NO_IDS, "The file holds no ids: only blank lines, "
                    + "comments (#) or a header.");
        }
        if (summary.validIds() == 0) {
            throw new RejectedFileException(FileProblem.NO_VALID_IDS, "None of the " + summary.ids() + " ids in "
                    + "the file is a valid person id (11 digits with matching check digits). Is this the right "
                    + "file or column?");
        }
    }

    /** The inbox's done folder, which must be a real folder: a link there would carry inputs elsewhere. */
    private void checkDoneFolder() throws IOException {
        Path done = properties.inbox().resolve(DONE);
        if (Files.isSymbolicLink(done)) {
            throw new IOException("the inbox's " + DONE + " folder is a symbolic link; the gateway moves "
                    + "processed files only into a real folder there");
        }
        Files.createDirectories(done);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
