// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Camel logs a body (log EIP, tracer, at DEBUG) cut at 10,000 characters and marked {@code ...}. Cut through an id, the
 * digits before the cut are fewer than eleven, yet an id's first nine give it whole (its last two are check digits):
 * masking takes such a cut run for an id from six digits on.
 */
class ClippedLogTextTest {

    private static final String ID = "20914695016";

    @Test
    void camelLogsABodyCutThroughAnId_noPartOfTheIdLeftOnceMasked() throws Exception {
        var logged = new ListAppender<ILoggingEvent>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger("clipped");
        logger.setLevel(Level.INFO);
        logger.addAppender(logged);
        try (var camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("log:clipped?level=INFO");
                }
            });
            camel.start();
            // every place of the cut within an id: one body per shift
            for (int shift = 0; shift < ID.length(); shift++) {
                camel.createProducerTemplate().sendBody("direct:in",
                        "x".repeat(shift) + ("{\"personidentifikator\":\"" + ID + "\"},").repeat(500));
            }
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).hasSize(ID.length()).extracting(ILoggingEvent::getFormattedMessage)
                .allSatisfy(line -> assertThat(line).endsWith("...]"))
                .extracting(PersonIdMasking::mask)
                .allSatisfy(line -> assertThat(line).doesNotContain(ID.substring(0, 6)));
    }

    @Test
    void mask_runCutShortByAnEllipsis_maskedFromSixDigits() {
        assertThat(PersonIdMasking.mask("{\"id\":\"2091469...]")).isEqualTo("{\"id\":\"*******...]");
        assertThat(PersonIdMasking.mask("ids 209146 95…")).isEqualTo("ids ****** **…");
        assertThat(PersonIdMasking.mask("page 12345... of 2091469501...")).isEqualTo("page 12345... of **********...");
    }
}
