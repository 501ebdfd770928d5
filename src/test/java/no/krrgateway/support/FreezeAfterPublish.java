// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.KrrGatewayApplication;
import no.krrgateway.channel.kafka.KafkaBatchCommitter;
import no.krrgateway.channel.kafka.KafkaBatchReader;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A gateway (main class for {@link GatewayProcess#startJvm}) whose Kafka intake freezes when the N-th batch reaches
 * the commit step, i.e. after its outcomes were published and acknowledged and before its offsets are committed, and
 * says so by writing a file: the test then kills it with SIGKILL exactly in the window where a crash causes
 * duplicates. Properties: {@code test.freeze.after-publishes} (N) and {@code test.freeze.signal} (the file).
 */
public final class FreezeAfterPublish {

    private FreezeAfterPublish() {
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(KrrGatewayApplication.class)
                .initializers(context -> {
                    int publishes = context.getEnvironment().getRequiredProperty("test.freeze.after-publishes",
                            Integer.class);
                    Path signal = Path.of(context.getEnvironment().getRequiredProperty("test.freeze.signal"));
                    context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                        @Override
                        public Object postProcessAfterInitialization(Object bean, String name) {
                            return "kafkaBatchCommitter".equals(name) ? new Freezing(publishes, signal) : bean;
                        }
                    });
                })
                .run(args);
    }

    /** The route's commit step, frozen (until killed) before committing the N-th batch. */
    public static final class Freezing extends KafkaBatchCommitter {
        private final int publishes;
        private final Path signal;
        private final AtomicInteger batches = new AtomicInteger();

        Freezing(int publishes, Path signal) {
            this.publishes = publishes;
            this.signal = signal;
        }

        @Override
        public void commit(@ExchangeProperty(KafkaBatchReader.COMMITS) Map<TopicPartition, KafkaManualCommit> commits) {
            if (commits != null && !commits.isEmpty() && batches.incrementAndGet() == publishes) {
                try {
                    Files.writeString(signal, "published, not committed\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                while (true) {
                    try {
                        Thread.sleep(60_000); // deliberate: the freeze itself, until the test kills the JVM
                    } catch (InterruptedException ignored) {
                        // frozen until killed
                    }
                }
            }
            super.commit(commits);
        }
    }
}
