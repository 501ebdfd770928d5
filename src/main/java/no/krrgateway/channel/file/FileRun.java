// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import io.github.resilience4j.core.IntervalFunction;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import no.krrgateway.channel.file.IdReader.IdLine;
import no.krrgateway.channel.file.IdReader.InputFormat;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.logging.PersonIdMasking;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.RequestContext;
import org.apache.camel.util.IOHelper;

/** One dropped file in route file-lookup; its ids come a chunk at a time, as the split asks for the next. */
public final class FileRun implements Iterator<LookupWork> {

    final Path path;
    final String name;
    final String safeName;
    final String masked;
    final ResultFiles outputs;
    private final int chunkSize;
    /** Null when the file is gone (another instance moved it since the poll). */
    Identity identity;
    RegularFile opened;
    private IdReader reader;
    private IdLine next;

    FileRun(File input, FileIntake intake, int chunkSize) {
        this.path = input.toPath();
        this.name = input.getName();
        this.safeName = FileChecks.safeName(name);
        // "..." marks a long name cut, so that masking takes digits cut short there for an id's start
        this.masked = PersonIdMasking.maskName(safeName.length() < name.length() ? safeName + "..." : safeName);
        this.outputs = new ResultFiles(intake, safeName);
        this.chunkSize = chunkSize;
    }

    boolean open() throws IOException {
        identity = Identity.of(path);
        try {
            opened = identity == null ? null : RegularFile.open(path);
        } catch (NoSuchFileException gone) {
            identity = null;
        }
        return opened != null;
    }

    String attemptKey() {
        return name + "|" + identity;
    }

    record Attempt(int count, Instant at) {
        Attempt next(Attempt again) {
            return new Attempt(count + 1, again.at);
        }
    }

    /** Route intake-file's filter: a file is neither locked nor read till the delay after its failed attempt ends. */
    static boolean due(File file, Map<String, Attempt> attempts, IntervalFunction delays, Instant now) {
        try {
            Attempt last = attempts.isEmpty() ? null : attempts.get(file.getName() + "|" + Identity.of(file.toPath()));
            return last == null || !now.isBefore(last.at().plusMillis(delays.apply(last.count())));
        } catch (IOException e) {
            return true; // its attempt tells why
        }
    }

    void start(InputFormat format, Instant at, InputLimits limits) throws IOException {
        outputs.open(safeName, at);
        reader = IdReader.open(opened.stream(), format, limits);
        next = reader.next();
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
        String requestId = outputs.tally.context().requestId();
        try {
            while (next != null && chunk.size() < chunkSize) {
                chunk.add(new LookupItem(next.id(),
                        new RequestContext(requestId, null, new OutcomeSource.File(safeName, next.line()))));
                next = reader.next();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LookupWork(chunk, List.of());
    }

    /** Read only: nothing to lose. The input is moved closed. */
    void close() {
        IOHelper.close(opened, reader);
        opened = null;
        reader = null;
    }

    /** Tells another drop of the same name apart from the file this instance read; null when the file is gone. */
    record Identity(Object fileKey, long size, FileTime modified) {

        static Identity of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return new Identity(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }
}
