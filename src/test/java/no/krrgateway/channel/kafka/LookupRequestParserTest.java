// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LookupRequestParserTest {

    private final LookupRequestParser parser = new LookupRequestParser(new ObjectMapper());

    @Test
    void parse_manyIds_keepsRequestIdAndOrder() {
        var parsed = parser.parse("{\"requestId\":\"r-1\",\"personidentifikatorer\":[\"20914695016\",\"23079421936\"]}");
        assertThat(parsed.isMalformed()).isFalse();
        assertThat(parsed.requestId()).isEqualTo("r-1");
        assertThat(parsed.personIds()).containsExactly("20914695016", "23079421936");
    }

    @Test
    void parse_oneIdWithoutRequestId_requestIdLeftToCaller() {
        var parsed = parser.parse("{\"personidentifikator\":\"20914695016\",\"extra\":{\"ignored\":true}}");
        assertThat(parsed.requestId()).isNull();
        assertThat(parsed.personIds()).containsExactly("20914695016");
    }

    @Test
    void parse_consumerOrg_keptForTheReaderToJudge() {
        assertThat(parser.parse("{\"consumerOrg\":\"910000001\",\"personidentifikator\":\"20914695016\"}")
                .consumerOrg()).isEqualTo("910000001");
        assertThat(parser.parse("{\"consumerOrg\":\"910000001\",\"personidentifikatorer\":[\"20914695016\"]}")
                .consumerOrg()).isEqualTo("910000001");
        assertThat(parser.parse("{\"personidentifikator\":\"20914695016\"}").consumerOrg()).isNull();
        assertThat(parser.parse("{\"consumerOrg\":910000001,\"personidentifikator\":\"20914695016\"}")
                .malformedReason()).isEqualTo("consumerOrg is not a string");
    }

    @Test
    void parse_bareIdWithWhitespace_isOneId() {
        assertThat(parser.parse(" 20914695016\n").personIds()).containsExactly("20914695016");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2091469501a", "\"20914695016\"", "12345"})
    void parse_shortPlainTokenOrJsonString_isOneBareIdForValidationToJudge(String value) {
        var parsed = parser.parse(value);
        assertThat(parsed.isMalformed()).isFalse();
        assertThat(parsed.personIds()).hasSize(1);
    }

    @Test
    void parse_nonStringElement_keptForValidationToRefuse() {
        var parsed = parser.parse("{\"personidentifikatorer\":[\"20914695016\", null, {\"x\":1}]}");
        assertThat(parsed.personIds()).containsExactly("20914695016", "", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{not json", "[\"20914695016\"]", "{}", "{\"personidentifikatorer\":[]}",
            "{\"personidentifikatorer\":\"20914695016\"}", "{\"personidentifikator\":[\"1\"]}",
            "{\"personidentifikator\":\"1\",\"personidentifikatorer\":[\"1\"]}", "{\"requestId\":{},\"personidentifikator\":\"1\"}",
            "hello world, look up my neighbour", "123 456"})
    void parse_notARequest_malformedWithReason(String value) {
        var parsed = parser.parse(value);
        assertThat(parsed.isMalformed()).isTrue();
        assertThat(parsed.malformedReason()).isNotBlank();
    }
}
