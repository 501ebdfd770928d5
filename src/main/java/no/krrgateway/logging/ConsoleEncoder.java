// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.Charset;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console encoder behind {@code logging.structured.format.console}: Spring Boot's structured JSON encoder when a
 * format (ecs, logstash, ...) is set, else the human-readable pattern with its masking converters. A logback-spring.xml
 * of our own (needed for the converters) otherwise loses Spring Boot's switch, since logback XML has no plain if.
 */
public class ConsoleEncoder extends EncoderBase<ILoggingEvent> {

    private String format;
    private String pattern;
    private Charset charset;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        if (format == null || format.isBlank()) {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(getContext());
            encoder.setPattern(pattern);
            encoder.setCharset(charset);
            encoder.start();
            delegate = encoder;
        } else {
            StructuredLogEncoder encoder = new StructuredLogEncoder();
            encoder.setContext(getContext());
            encoder.setFormat(format.strip());
            encoder.setCharset(charset);
            encoder.start();
            delegate = encoder;
        }
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
