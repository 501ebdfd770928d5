// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import no.krrgateway.outcome.OutcomeJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shared by a file's outputs: the folders and writers, its refusal, and its commit's lock. */
record FileOutputs(Path outbox, Path error, InputMover mover, OutcomeJson json, ObjectMapper mapper,
                   FilePermissions permissions) {

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class); // the intake's lines

    /** NAME.error.json (attempts 0: refused at once), then the input beside it. @return where it went, or "" */
    String refuse(FileRun run, RejectedFileException rejection, int attempts, Instant at) throws IOException {
        Files.createDirectories(error);
        ObjectNode node = mapper.createObjectNode().put("file", run.safeName).put("reason", rejection.problem().name())
                .put("detail", rejection.getMessage()).put("at", at.toString());
        if (attempts > 0) {
            node.put("attempts", attempts);
        }
        TempFile.write(FileChecks.inside(error, run.outputs.stem + ".error.json"), permissions,
                file -> file.write(node.toPrettyString() + "\n"));
        Path target = FileChecks.inside(error, run.safeName);
        try {
            mover.to(run.name, target);
        } catch (NoSuchFileException gone) {
            return ""; // moved by another instance meanwhile
        }
        log.warn("File {} refused ({}); moved to {}", run.masked, rejection.problem(), target.getParent());
        return target.toAbsolutePath().toString();
    }

    /** One commit of a NAME at a time, even across instances (else one could delete the other's summary). */
    record CommitLock(Path lock) implements AutoCloseable {

        static final Duration STALE = Duration.ofMinutes(1); // a commit takes ms: an older lock's instance died
        private static final Duration WAIT = Duration.ofMinutes(2);
        private static final Duration RETRY = Duration.ofMillis(20);

        static CommitLock acquire(Path outbox, String stem) throws IOException, InterruptedException {
            Path lock = outbox.resolve("." + stem + ".commit");
            for (long tries = WAIT.toMillis() / RETRY.toMillis(); tries > 0; tries--) {
                try {
                    Files.createFile(lock);
                    return new CommitLock(lock);
                } catch (FileAlreadyExistsException held) {
                    removeIfStale(lock);
                }
                Thread.sleep(RETRY.toMillis());
            }
            throw new IOException("the commit lock " + lock.getFileName() + " stays held by another instance");
        }

        private static void removeIfStale(Path lock) throws IOException {
            try {
                Instant made = Files.getLastModifiedTime(lock, LinkOption.NOFOLLOW_LINKS).toInstant();
                if (made.isBefore(Instant.now().minus(STALE))) {
                    Files.deleteIfExists(lock);
                }
            } catch (NoSuchFileException released) {
                // taken again at the next try
            }
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(lock);
        }
    }
}
