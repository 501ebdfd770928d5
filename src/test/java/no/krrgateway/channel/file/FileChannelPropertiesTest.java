// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class FileChannelPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Enable.class)
            .withPropertyValues("gateway.files.inbox=data/inbox", "gateway.files.outbox=data/outbox",
                    "gateway.files.error=data/error", "gateway.files.max-size=100MB",
                    "gateway.files.concurrent-files=2", "gateway.files.poll-interval=1s",
                    "gateway.files.read-lock-check-interval=1s", "gateway.files.read-lock-min-age=5s",
                    "gateway.files.read-lock-timeout=30s", "gateway.files.max-attempts=3");

    @Test
    void bind_defaults_chunkSizeFollowsTheKrrSettings() {
        runner.run(context -> {
            FileChannelProperties files = context.getBean(FileChannelProperties.class);
            assertThat(files.maxSize().toMegabytes()).isEqualTo(100);
            assertThat(files.chunkSize(1000, 4)).isEqualTo(4000);
        });
    }

    @Test
    void bind_chunkSizeSet_usesIt() {
        runner.withPropertyValues("gateway.files.chunk-size=500")
                .run(context -> assertThat(context.getBean(FileChannelProperties.class).chunkSize(1000, 4))
                        .isEqualTo(500));
    }

    @Test
    void bind_outboxSameAsInbox_failsNamingTheProperties() {
        runner.withPropertyValues("gateway.files.outbox=./data/inbox/")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("gateway.files.inbox, .outbox and .error must be three different"));
    }

    /** Refused inputs or outputs among the inputs done, which retention sweeps without the outputs' commit lock. */
    @ParameterizedTest
    @ValueSource(strings = {"gateway.files.error=./data/inbox/.done", "gateway.files.outbox=data/inbox/.done/out"})
    void bind_errorOrOutboxInTheInboxsDone_failsNamingIt(String folder) {
        runner.withPropertyValues(folder).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("gateway.files.inbox, .outbox and .error must be three different")
                .hasMessageContaining("inbox/.done"));
    }

    @Test
    void bind_readLockTimeoutShorterThanMinAge_fails() {
        runner.withPropertyValues("gateway.files.read-lock-timeout=3s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("read-lock-timeout"));
    }

    @Test
    void bind_missingInbox_fails() {
        runner.withPropertyValues("gateway.files.inbox=")
                .run(context -> assertThat(context).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FileChannelProperties.class)
    static class Enable {
    }
}
