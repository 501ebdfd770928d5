// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %m}, with person ids masked: a safety net under every log line, whoever wrote it
 * (registered for {@code %m}, {@code %msg} and {@code %message} in {@code logback-spring.xml}).
 */
public class MaskingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return PersonIdMasking.mask(super.convert(event));
    }
}
