// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** The JSON-log safety net, run through Spring Boot's own structured encoder as logback-spring.xml uses it. */
class PersonIdMaskingJsonCustomizerTest {

    private static final String ID = "20914695016";

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void encode_idInMessageMdcKeyValueAndStackTrace_everyOneMasked(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new MockEnvironment()
                .withProperty("logging.structured.json.customizer", PersonIdMaskingJsonCustomizer.class.getName()));
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();

        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("careless"), Level.WARN,
                "looked up {} for {}", new IllegalStateException("KRR had no " + ID), new Object[] {ID, "r-1"});
        event.setMDCPropertyMap(Map.of("person", ID));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("personNumber", Long.parseLong(ID)));
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        // The same event as LogMasking's appenders hand it on: the encoder copes with the masked event as well.
        assertThat(new String(encoder.encode(MaskedLoggingEvent.of(event)), StandardCharsets.UTF_8))
                .isEqualTo(line);

        assertThat(line).doesNotContain(ID).contains("***********");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("looked up *********** for r-1");
        assertThat(json.toString()).contains("KRR had no ***********");
        assertThat(json.findValue("person").asText()).isEqualTo("***********");
        assertThat(json.findValue("personNumber").asText()).isEqualTo("***********");
    }

    @Test
    void mask_numbersAndTextWithoutIds_unchanged() {
        assertThat(PersonIdMasking.maskScalar(1795561339944L)).isEqualTo(1795561339944L);
        assertThat(PersonIdMasking.maskScalar(42)).isEqualTo(42);
        assertThat(PersonIdMasking.maskScalar("offset 2091469501")).isEqualTo("offset 2091469501");
        assertThat(PersonIdMasking.maskScalar(true)).isEqualTo(true);
    }
}
