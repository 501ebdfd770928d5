// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import no.krrgateway.limits.InputLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestRecordsParseTest {

    private static final InputLimits LIMITS = new InputLimits(100_000, 256, 64, 1024, 1024, 4000, 100_000);
    private final RequestRecords parser = new RequestRecords(LIMITS, null);

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

    static Stream<Arguments> idsKept() {
        return Stream.of(
                argumentSet("a bare id with whitespace is one id", " 20914695016\n", List.of("20914695016")),
                argumentSet("a non-string element kept for validation to refuse",
                        "{\"personidentifikatorer\":[\"20914695016\", null, {\"x\":1}]}",
                        List.of("20914695016", "", "")),
                argumentSet("ids of mixed JSON types each kept for validation to judge",
                        "{\"personidentifikatorer\":[20914695016, true, 1.5, \"23079421936\", [\"1\"], null]}",
                        List.of("20914695016", "true", "1.5", "23079421936", "", "")),
                argumentSet("unknown fields of any shape skipped",
                        "{\"a\":{\"b\":[1,{\"c\":null}]},\"personidentifikator\":\"20914695016\",\"d\":[]}",
                        List.of("20914695016")));
    }

    @ParameterizedTest
    @MethodSource("idsKept")
    void parse_idsKeptInOrder(String value, List<String> ids) {
        assertThat(parser.parse(value).personIds()).containsExactlyElementsOf(ids);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2091469501a", "\"20914695016\"", "12345"})
    void parse_shortPlainTokenOrJsonString_isOneBareIdForValidationToJudge(String value) {
        var parsed = parser.parse(value);
        assertThat(parsed.isMalformed()).isFalse();
        assertThat(parsed.personIds()).hasSize(1);
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

    private final RequestRecords limited = new RequestRecords(
            new InputLimits(3, 8, 11, 1024, 1024, 4000, 100_000), null);

    @Test
    void parse_moreIdsThanTheLimit_malformedNamingTheLimitAndTheCount() {
        var parsed = limited.parse("{\"requestId\":\"r\",\"personidentifikatorer\":[\"1\",\"2\",\"3\",\"4\",\"5\"]}");
        assertThat(parsed.isMalformed()).isTrue();
        assertThat(parsed.malformedReason()).contains("5 ids", "gateway.limits.max-ids-per-request");
        assertThat(parsed.personIds()).isEmpty();
        assertThat(parsed.requestId()).as("kept, to match the error to the request").isEqualTo("r");
        assertThat(limited.parse("{\"personidentifikatorer\":[\"1\",\"2\",\"3\"]}").personIds()).hasSize(3);
    }

    @Test
    void parse_requestIdOverTheLimit_malformedWithoutCopyingIt() {
        var parsed = limited.parse("{\"requestId\":\"123456789\",\"personidentifikator\":\"20914695016\"}");
        assertThat(parsed.malformedReason()).contains("gateway.limits.max-request-id-length");
        assertThat(parsed.requestId()).isNull();
        assertThat(limited.parse("{\"requestId\":\"12345678\",\"personidentifikator\":\"1\"}").requestId())
                .isEqualTo("12345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"personidentifikatorer\":[\"1\",\"209146950160\"]}",
            "{\"personidentifikator\":\"209146950160\"}", "\"209146950160\"", "209146950160"})
    void parse_anIdLongerThanTheLimit_malformedNamingTheLimit(String value) {
        assertThat(limited.parse(value).malformedReason()).contains("gateway.limits.max-id-length");
    }

    /** The cap on a string read is the gateway's property on every channel, not Jackson's 20,000,000 characters. */
    @Test
    void parse_consumerOrgOverTheJsonStringCap_malformedNamingTheProperty() {
        String value = "{\"consumerOrg\":\"" + "9".repeat(100_001) + "\",\"personidentifikator\":\"20914695016\"}";
        assertThat(parser.parse(value).malformedReason()).contains("gateway.limits.max-json-string-length")
                .doesNotContain("StreamReadConstraints");
    }

    /** Jackson's own caps on what it holds: a number's digits and a member's name (nesting: below). */
    @ParameterizedTest
    @ValueSource(strings = {"number value length (1001) exceeds the maximum allowed (1000)",
            "name length (50001) exceeds the maximum allowed (50000)"})
    void parse_overJacksonsCaps_malformedInFiguresOnly(String reason) {
        String value = reason.startsWith("number") ? "{\"personidentifikatorer\":[" + "9".repeat(1001) + "]}"
                : "{\"" + "n".repeat(50_001) + "\":1,\"personidentifikator\":\"20914695016\"}";
        assertThat(parser.parse(value).malformedReason()).isEqualToIgnoringCase("JSON beyond the parser's limits: "
                + reason);
    }

    @Test
    void parse_deepNesting_malformedWithoutStackOverflow() {
        String deep = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"personidentifikator\":\"1\"}";
        assertThat(parser.parse(deep).malformedReason()).contains("limits").doesNotContain("StreamReadConstraints");
        assertThat(parser.parse("[".repeat(100_000)).isMalformed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"requestId\":\"r\",\"personidentifikatorer\":[\"20914695016\"",
            "{\"requestId\":\"r\",\"personidentifikatorer\":[\"2091469", "{\"requestId\":", "\"2091469"})
    void parse_cutOffJson_malformedAsCutOff(String value) {
        assertThat(parser.parse(value).malformedReason()).isEqualTo("JSON cut off before its end");
    }
}
