// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * The safety net holds whatever an operator's Logback configuration says: a careless pattern ({@code %message %mdc
 * %kvp %ex}), an extra appender with {@code %throwable}, {@code %xEx}, {@code %rEx}, and again after the
 * configuration is reloaded.
 */
class LogMaskingTest {

    private static final String ID = "20914695016";
    private static final String OTHER_ID = "23079421936";
    private static final String EMAIL = "kari.nordmann@example.no";
    private static final String MOBILE = "+4799887766";

    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();

    {
        context.setMDCAdapter(MDC.getMDCAdapter());
    }

    @AfterEach
    void stop() {
        MDC.clear();
        context.stop();
    }

    @Test
    void install_carelessPatternAndExtraAppender_noPersonalDataWritten() throws Exception {
        configure();
        assertThat(LogMasking.install(context)).isEqualTo(2);
        logCarelessly();

        String careless = Files.readString(dir.resolve("careless.log"));
        String extra = Files.readString(dir.resolve("extra.log"));
        assertThat(careless).contains("looked up ***********").contains("***@***").contains("+********")
                .contains("IllegalStateException").contains("Caused by");
        assertThat(extra).contains("looked up ***********").contains("Suppressed");
        for (String logged : new String[] {careless, extra}) {
            assertThat(logged).doesNotContain(ID).doesNotContain(OTHER_ID).doesNotContain(EMAIL)
                    .doesNotContain(MOBILE).doesNotContain("209146");
        }
    }

    @Test
    void install_configurationReloaded_stillMasked() throws Exception {
        configure();
        LogMasking.install(context);
        configure(); // as Logback's scan="true" does on a change
        logCarelessly();
        assertThat(Files.readString(dir.resolve("careless.log"))).contains("looked up").doesNotContain(ID);
    }

    /** An operator's appender keeps its name and context in front, and a reset (a reload) still closes its file. */
    @Test
    void install_appenderWrapped_keepsNameAndContextAndIsStoppedWithIt() throws Exception {
        configure();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> file = root.getAppender("CARELESS");
        LogMasking.install(context);

        Appender<ILoggingEvent> masking = root.getAppender("CARELESS");
        assertThat(masking).isInstanceOf(LogMasking.MaskingAppender.class);
        assertThat(masking.getContext()).isSameAs(context);
        context.reset();
        assertThat(masking.isStarted()).isFalse();
        assertThat(file.isStarted()).isFalse();
    }

    @Test
    void withoutInstall_carelessPatternLeaks() throws Exception {
        configure();
        logCarelessly();
        assertThat(Files.readString(dir.resolve("careless.log"))).contains(ID);
    }

    /** What no pattern's message shows: the thread's name, markers and the argument array an encoder may write. */
    @Test
    void install_idInThreadNameMarkerAndArrayArgument_masked() throws Exception {
        // As an async appender keeps events: prepared on the logging thread (the thread's name is read lazily).
        ListAppender<ILoggingEvent> events = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing();
                super.append(event);
            }
        };
        events.setContext(context);
        events.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(events);
        LogMasking.install(context);

        Marker marker = MarkerFactory.getDetachedMarker("file-209146_95016");
        marker.add(MarkerFactory.getDetachedMarker("person " + ID));
        Thread thread = new Thread(() -> context.getLogger("careless").info(marker, "ids {} and {}",
                new Object[] {new String[] {ID, "209146 95016"}, new long[] {Long.parseLong(OTHER_ID), 7L}}),
                "File 209146_95016.txt");
        thread.start();
        thread.join();

        ILoggingEvent event = events.list.get(0);
        assertThat(event.getThreadName()).isEqualTo("File ******_*****.txt");
        assertThat(event.getMarkerList()).singleElement().satisfies(masked -> {
            assertThat(masked.getName()).isEqualTo("file-******_*****");
            assertThat(masked.iterator().next().getName()).isEqualTo("person ***********");
        });
        assertThat(event.getArgumentArray()).containsExactly(new Object[] {"***********", "****** *****"},
                new Object[] {"***********", 7L});
        assertThat(event.getFormattedMessage()).doesNotContain(ID).doesNotContain(OTHER_ID).doesNotContain("209146");
    }

    /** An argument of any other kind is rendered by its toString, and the message pattern itself may hold an id. */
    @Test
    void install_idInTheMessagePatternOrInAnArgumentsToString_masked() {
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.setContext(context);
        events.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
        LogMasking.install(context);
        Object person = new Object() {
            @Override
            public String toString() {
                return "Person[" + OTHER_ID + "]";
            }
        };
        Object harmless = List.of("no id");

        context.getLogger("careless").info("looked up " + ID + ": {} {}", person, harmless);

        ILoggingEvent event = events.list.get(0);
        assertThat(event.getMessage()).isEqualTo("looked up ***********: {} {}");
        assertThat(event.getArgumentArray()).containsExactly("Person[***********]", harmless);
        assertThat(event.getArgumentArray()[1]).isSameAs(harmless);
    }

    private void logCarelessly() {
        MDC.put("person", OTHER_ID);
        var cause = new IllegalArgumentException("bad " + OTHER_ID);
        var failure = new IllegalStateException("no answer for " + ID + " at " + EMAIL, cause);
        failure.addSuppressed(new RuntimeException("also " + MOBILE));
        context.getLogger("extra.careless").atWarn().addKeyValue("person", Long.parseLong(ID))
                .addKeyValue("mobile", MOBILE).setCause(failure)
                .log("looked up {} ({}, {}) and 209146 95016", ID, EMAIL, MOBILE);
    }

    private void configure() throws Exception {
        context.reset();
        String xml = """
                <configuration>
                  <appender name="CARELESS" class="ch.qos.logback.core.FileAppender">
                    <file>%1$s/careless.log</file>
                    <encoder><pattern>%%d %%level %%logger %%message %%mdc %%kvp %%ex%%n</pattern></encoder>
                  </appender>
                  <appender name="EXTRA" class="ch.qos.logback.core.FileAppender">
                    <file>%1$s/extra.log</file>
                    <encoder><pattern>%%msg %%throwable{full} %%xEx %%rEx%%n</pattern></encoder>
                  </appender>
                  <logger name="extra"><appender-ref ref="EXTRA"/></logger>
                  <root level="INFO"><appender-ref ref="CARELESS"/></root>
                </configuration>
                """.formatted(dir);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
