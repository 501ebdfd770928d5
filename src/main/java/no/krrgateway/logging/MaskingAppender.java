// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Hands one appender every event masked ({@link MaskedLoggingEvent}), so that no pattern ({@code %ex}, {@code %mdc},
 * ...), encoder or appender an operator configures sees a person id. Keeps the wrapped appender's name and life cycle.
 */
public final class MaskingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

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
    public void start() {
        if (!delegate.isStarted()) {
            delegate.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        delegate.stop();
    }
}
