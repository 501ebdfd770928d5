// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.audit.AuditTrail.AuditProperties;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestTally;
import no.krrgateway.verdict.Section32Rule;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.util.unit.DataSize;

/**
 * Folders and a {@link FileIntake} in its route for unit tests, no inbox polled: the lookup answers as the engine does
 * for ids KRR does not know (valid ids get a NOT_REGISTERED result, invalid ones INVALID_ID), and records chunk sizes.
 */
final class FileIntakeFixture {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
    /** InputLimits' defaults. */
    static final InputLimits LIMITS = new InputLimits(100_000, 256, 64, 1024, 1024, 4000, 100_000);

    final Path inbox;
    final Path outbox;
    final Path error;
    final List<Integer> chunks = new CopyOnWriteArrayList<>();
    private final PersonIdValidator validator = new PersonIdValidator(true);
    private final Section32Rule rule = new Section32Rule(CLOCK, Period.ofMonths(18));
    /** The shared lookup: {@code direct:lookup} in the running gateway. */
    @FunctionalInterface
    interface Lookup {
        List<PersonOutcome> lookup(LookupWork work);
    }

    Lookup lookup = work -> {
        chunks.add(work.items().size());
        return work.items().stream().map(this::outcome).toList();
    };

    int maxAttempts = 3;
    /** The audit events told, one line each: "NAME|requestId|ids|results|notifiable|errorCodes". */
    final List<String> audited = new CopyOnWriteArrayList<>();
    final AuditTrail audit = new AuditTrail(CLOCK, new ObjectMapper(), null, new AuditProperties(true, null)) {
        @Override
        public void committed(List<RequestTally> requests) {
            requests.forEach(file -> audited.add(((OutcomeSource.File) file.context().source()).file() + "|"
                    + file.context().requestId() + "|" + file.totals().ids() + "|" + file.totals().results() + "|"
                    + file.totals().notifiable() + "|" + file.counts().occurredErrorCodes()));
        }

        @Override
        public void refused(RequestTally file, String problem) {
            super.refused(file, problem);
            audited.add("refused " + problem + "|" + file.totals().ids());
        }
    };

    FileIntakeFixture(Path root) {
        this(root.resolve("inbox"), root.resolve("outbox"), root.resolve("error"));
    }

    FileIntakeFixture(Path inbox, Path outbox, Path error) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.error = error;
    }

    Intake intake(int chunkSize, DataSize maxSize) {
        return intake(chunkSize, maxSize, new FilePermissions(FilePermissions.GroupAccess.NONE));
    }

    FileChannelProperties properties(int chunkSize, DataSize maxSize) {
        return new FileChannelProperties(inbox, outbox, error, maxSize, chunkSize, 2,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), maxAttempts,
                null, null, null, null);
    }

    Intake intake(int chunkSize, DataSize maxSize, FilePermissions permissions) {
        var properties = properties(chunkSize, maxSize);
        return new Intake(new FileIntake(properties, chunkSize, new OutcomeJson(new ObjectMapper()), CLOCK,
                permissions, audit, LIMITS));
    }

    /** A {@link FileIntake} in route file-lookup as shipped (routes/intake-file.camel.yaml), behind it this lookup. */
    final class Intake {

        private final ProducerTemplate route;
        final FileIntake fileIntake;

        Intake(FileIntake intake) {
            this.fileIntake = intake;
            try {
                DefaultCamelContext camel = new DefaultCamelContext();
                camel.getRegistry().bind("fileIntake", intake);
                PluginHelper.getRoutesLoader(camel).loadRoutes(
                        ResourceHelper.resolveMandatoryResource(camel, "file:routes/error-policy.camel.yaml"),
                        ResourceHelper.resolveMandatoryResource(camel, "file:routes/intake-file.camel.yaml"));
                // only the file's own route: the inbox's consumer is the running gateway's
                camel.removeRouteDefinition(camel.getRouteDefinition("intake-file"));
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:lookup").process(exchange -> exchange.getMessage().setBody(
                                lookup.lookup(exchange.getMessage().getBody(LookupWork.class))));
                    }
                });
                camel.start();
                route = camel.createProducerTemplate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** @return where the input went, as route intake-file's metrics step is told; a failure as thrown */
        String process(File input) throws IOException, InterruptedException {
            try {
                return route.requestBody("direct:file-lookup", input, String.class);
            } catch (CamelExecutionException e) {
                Throwable cause = e.getCause();
                while (cause instanceof CamelExchangeException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw cause instanceof RuntimeException runtime ? runtime : e;
            }
        }
    }

    Path drop(String name, String content) throws IOException {
        return drop(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Path drop(String name, byte[] content) throws IOException {
        Files.createDirectories(inbox);
        return Files.write(inbox.resolve(name), content);
    }

    /** A FIFO at {@code path} that nobody writes to: whoever opens it to read waits in open() for ever. */
    static Path mkfifo(Path path) throws IOException, InterruptedException {
        Files.createDirectories(path.getParent());
        if (new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return path;
    }

    static List<String> names(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private PersonOutcome outcome(LookupItem item) {
        return validator.problem(item.personId())
                .<PersonOutcome>map(problem -> new PersonOutcome.Error(item.context(), item.personId(),
                        ErrorCode.INVALID_ID, problem, null))
                .orElseGet(() -> {
                    KrrPerson person = KrrPerson.notRegistered(item.personId());
                    return new PersonOutcome.Result(item.context(), item.personId(), rule.evaluate(person), person,
                            null);
                });
    }
}
