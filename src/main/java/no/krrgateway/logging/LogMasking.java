// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.ConfigurationEvent.EventType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/** A {@link MaskingAppender} before every appender, whatever logging.config says (a TurboFilter cannot rewrite). */
public class LogMasking implements SmartApplicationListener {

    /** @param keepLastDigits last digits of a person id kept in logs for support, 0..4 (0: masked whole) */
    @ConfigurationProperties("gateway.logging")
    public record Properties(@DefaultValue("0") int keepLastDigits) {
    }

    public static int install(LoggerContext context) {
        int wrapped = 0;
        for (Logger logger : context.getLoggerList()) {
            List<Appender<ILoggingEvent>> bare = new ArrayList<>();
            logger.iteratorForAppenders().forEachRemaining(bare::add);
            bare.removeIf(MaskingAppender.class::isInstance);
            for (Appender<ILoggingEvent> appender : bare) {
                MaskingAppender masking = new MaskingAppender(appender);
                masking.start();
                // Added before the original leaves, so no event falls between the two.
                logger.addAppender(masking);
                logger.detachAppender(appender);
                wrapped++;
            }
        }
        if (context.getObject(LogMasking.class.getName()) == null) {
            context.putObject(LogMasking.class.getName(), Boolean.TRUE); // listening
            context.addConfigurationEventListener(event -> {
                if (event.getEventType() == EventType.CONFIGURATION_ENDED_SUCCESSFULLY
                        || event.getEventType() == EventType.PARTIAL_CONFIGURATION_ENDED_SUCCESSFULLY) {
                    install(context);
                }
            });
        }
        return wrapped;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> type) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationStartedEvent.class.isAssignableFrom(type);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            // bound here, before any bean; out of range stops the start
            PersonIdMasking.keepLastDigits(Binder.get(prepared.getEnvironment())
                    .bindOrCreate("gateway.logging", Properties.class).keepLastDigits());
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            install(context);
        }
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    /** Hands its appender every event masked, so no pattern, encoder or appender sees an id; keeps its name. */
    static final class MaskingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

        private final Appender<ILoggingEvent> delegate;

        MaskingAppender(Appender<ILoggingEvent> delegate) {
            this.delegate = delegate;
            setName(delegate.getName());
            setContext(delegate.getContext());
        }

        @Override
        protected void append(ILoggingEvent event) {
            delegate.doAppend(MaskedLoggingEvent.of(event));
        }

        @Override
        public void stop() {
            super.stop();
            delegate.stop();
        }
    }
}
