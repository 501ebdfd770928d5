// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import no.krrgateway.limits.InputLimits;

/**
 * Generated input for the request parser: random JSON (request-shaped or not, whole or cut off), random strings and
 * random bytes. Whatever it is given, the parser returns, never throws, and answers either ids within the limits or
 * a malformed reason: never both, never neither.
 */
class RequestRecordsParsePropertiesTest {

    private static final InputLimits LIMITS = new InputLimits(5, 12, 14, 1024, 1024, 4000, 100_000);
    private static final String[] FIELDS = {"requestId", "personidentifikator", "personidentifikatorer"};

    private final RequestRecords parser = new RequestRecords(LIMITS, null);

    @Property(tries = 3000)
    void anyJson_idsWithinTheLimitsOrAReason(@ForAll("json") String value) {
        check(value);
    }

    @Property(tries = 3000)
    void anyRequestShapedJson_idsWithinTheLimitsOrAReason(@ForAll("requests") String value) {
        check(value);
    }

    @Property(tries = 2000)
    void anyJsonCutOff_idsWithinTheLimitsOrAReason(@ForAll("requests") String value,
                                                   @ForAll @IntRange(max = 400) int cut) {
        check(value.substring(0, Math.min(cut, value.length())));
    }

    @Property(tries = 2000)
    void anyString_idsWithinTheLimitsOrAReason(@ForAll String value) {
        check(value);
    }

    @Property(tries = 2000)
    void anyBytes_idsWithinTheLimitsOrAReason(@ForAll byte[] bytes) {
        check(new String(bytes, StandardCharsets.UTF_8));
        check(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private void check(String value) {
        RequestRecords.Parsed parsed = parser.parse(value);
        if (parsed.isMalformed()) {
            assertThat(parsed.malformedReason()).isNotBlank();
            assertThat(parsed.personIds()).isEmpty();
        } else {
            assertThat(parsed.personIds()).isNotEmpty().hasSizeLessThanOrEqualTo(LIMITS.maxIdsPerRequest())
                    .allSatisfy(id -> assertThat(id).isNotNull().hasSizeLessThanOrEqualTo(LIMITS.maxIdLength()));
        }
        if (parsed.requestId() != null) {
            assertThat(parsed.requestId()).hasSizeLessThanOrEqualTo(LIMITS.maxRequestIdLength());
        }
    }

    @Provide
    Arbitrary<String> json() {
        return value(3);
    }

    /** Objects with the request's fields (and others), each holding any JSON, ids often as arrays of scalars. */
    @Provide
    Arbitrary<String> requests() {
        Arbitrary<String> ids = scalar().list().ofMaxSize(8).map(RequestRecordsParsePropertiesTest::array);
        Arbitrary<String> fieldValue = Arbitraries.frequencyOf(
                Tuple.of(3, ids), Tuple.of(3, scalar()), Tuple.of(1, value(2)));
        Arbitrary<String> field = Combinators.combine(Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.of(FIELDS)),
                        Tuple.of(1, Arbitraries.strings().ofMaxLength(6))), fieldValue)
                .as((name, value) -> quote(name) + ":" + value);
        return field.list().ofMaxSize(5).map(fields -> "{" + String.join(",", fields) + "}");
    }

    private static Arbitrary<String> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(RequestRecordsParsePropertiesTest::quote),
                Arbitraries.strings().numeric().ofMinLength(9).ofMaxLength(16).map(RequestRecordsParsePropertiesTest::quote),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "\"\""));
    }

    private static Arbitrary<String> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4).map(RequestRecordsParsePropertiesTest::array);
        Arbitrary<String> object = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(6)),
                        value(depth - 1))
                .as((name, value) -> quote(name) + ":" + value)
                .list().ofMaxSize(4).map(fields -> "{" + String.join(",", fields) + "}");
        return Arbitraries.frequencyOf(Tuple.of(2, scalar()), Tuple.of(1, array),
                Tuple.of(2, object));
    }

    private static String array(List<String> values) {
        return values.stream().collect(Collectors.joining(",", "[", "]"));
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
