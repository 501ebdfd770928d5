// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Runs delayed simulator answers (latency, hangs) on two timer threads, so a call held for minutes keeps no web
 * server thread busy. Not a {@code ScheduledExecutorService} bean, which would make Spring Boot's own task scheduler
 * back off.
 */
@Profile("simulator")
@Component
class SimulatorDelays {

    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, task -> {
        Thread thread = new Thread(task, "simulator-delay-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code task} on a timer thread after {@code delay}. */
    void after(Duration delay, Runnable task) {
        executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
