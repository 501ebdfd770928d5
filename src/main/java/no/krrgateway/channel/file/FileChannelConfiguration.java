// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.lookup.LookupAvailability.HoldBackProperties;
import no.krrgateway.outcome.OutcomeJson;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FileChannelProperties.class)
public class FileChannelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FileChannelConfiguration.class);

    @Bean
    FileIntake fileIntake(FileChannelProperties files, KrrProperties krr, OutcomeJson outcomeJson, Clock clock,
                          AuditTrail auditTrail, InputLimits limits) {
        return new FileIntake(files, files.chunkSize(krr.batchSize(), krr.maxConcurrentCalls()), outcomeJson, clock,
                new FilePermissions(files.permissions().group()), auditTrail, limits);
    }

    @Bean
    FileRetention fileRetention(FileChannelProperties files, Clock clock) {
        return new FileRetention(files, files.retention().maxAge(), clock);
    }

    /** Keyed by NAME without extension (NAME.txt and NAME.csv write the same outputs). */
    @Bean(destroyMethod = "")
    IdempotentRepository fileInboxLocks(FileChannelProperties files, CamelContext camel, MeterRegistry meters)
            throws Exception {
        FileChannelProperties.SharedInbox shared = files.sharedInbox();
        Counter takeovers = Counter.builder("gateway.files.takeovers")
                .description("Files taken over from an instance that stopped refreshing its lock on a shared inbox")
                .register(meters);
        IdempotentRepository locks = shared.enabled()
                ? InboxLockRepository.create(shared, camel, takeovers)
                // one instance: a lock in memory is enough, and a crash leaves nothing behind
                : MemoryIdempotentRepository.memoryIdempotentRepository();
        camel.addService(locks, true, true);
        if (shared.enabled()) {
            log.info("Shared inbox: files are locked in the database's {} table as '{}'; a file whose instance "
                    + "stops is taken over after {}", InboxLockRepository.TABLE, shared.name(), shared.takeoverAfter());
        }
        return locks;
    }

    /**
     * Releases a file's read lock a poll after its attempt. Camel's own pool for that is shut down when the route
     * stops, rejecting a release scheduled meanwhile: after a hold-back's stop the failed file's lock stayed held.
     * This one stops with the context, as a service added after the locks: services stop last-added first, so a
     * release still waiting runs before a shared inbox's database pool closes.
     */
    @Bean(destroyMethod = "")
    ScheduledExecutorService fileLockReleases(CamelContext camel, IdempotentRepository fileInboxLocks)
            throws Exception {
        ScheduledExecutorService releases = camel.getExecutorServiceManager().newScheduledThreadPool(this,
                "file-lock-release", 1);
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                camel.getExecutorServiceManager().shutdownGraceful(releases);
            }
        }, true, true);
        return releases;
    }

    /** Not started with a shared inbox, where the database's locks let several instances share it. */
    @Bean(destroyMethod = "close")
    InboxOwnership inboxOwnership(FileChannelProperties files, CamelContext camel,
                                  @Value("${camel.main.auto-startup:true}") boolean routesStart) {
        InboxOwnership ownership = new InboxOwnership(files.inbox(), files.inboxOwner(), System::nanoTime,
                new FilePermissions(files.permissions().group()));
        // an instance whose routes do not start (the check command) never claims the inbox from the one that works
        if (!files.sharedInbox().enabled() && routesStart) {
            ownership.start(camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(ownership,
                    "inbox-owner"));
        }
        return ownership;
    }

    /** A failed file waits, doubling per attempt, as the hold-back: max-attempts spans a bounded time, not polls. */
    @Bean
    GenericFileFilter<File> inboxFiles(InboxOwnership ownership, FileChannelProperties files, FileIntake intake,
                                       HoldBackProperties holdBack, Clock clock) {
        IntervalFunction delay = IntervalFunction.ofExponentialBackoff(holdBack.initialDelay(), 2, holdBack.maxDelay());
        return file -> (files.sharedInbox().enabled() || ownership.isOwner())
                && FileRun.due(file.getFile(), intake.attempts, delay, clock.instant());
    }

    @Bean
    HealthIndicator filesHealthIndicator(InboxOwnership ownership, FileChannelProperties files, FileIntake intake) {
        return () -> health(files.sharedInbox().enabled()
                ? Health.up().withDetail("inbox", "shared with other instances (gateway.files.shared-inbox)").build()
                : ownership.health(), intake);
    }

    /** The inbox's health, DEGRADED while files fail for another reason than content or KRR (a full disk, ...). */
    static Health health(Health inbox, FileIntake intake) {
        String cause = intake.failing;
        return cause == null || !Status.UP.equals(inbox.getStatus()) ? inbox : Health.status("DEGRADED")
                .withDetails(inbox.getDetails()).withDetail("outbox", intake.properties.outbox().toAbsolutePath()
                        .toString()).withDetail("failing", cause + "; tried again after growing delays, up to "
                        + "gateway.files.max-attempts times, then moved to the error folder").build();
    }

    /** Route intake-file's workers: concurrent-files less its poll thread, a sum a placeholder cannot make. */
    @Bean
    CamelContextCustomizer fileRouteSettings(FileChannelProperties files) {
        return camel -> camel.getPropertiesComponent().addInitialProperty("gateway.route.files-workers",
                String.valueOf(files.concurrentFiles() - 1));
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> fileChannelBanner(FileChannelProperties files) {
        return event -> log.info("File drop: put NAME.txt, NAME.csv or NAME.json in {}; results appear in {}, "
                        + "refused files in {}", files.inbox().toAbsolutePath().normalize(),
                files.outbox().toAbsolutePath().normalize(), files.error().toAbsolutePath().normalize());
    }
}
