// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import no.krrgateway.krr.model.KrrDates;

/**
 * {@link KrrDates#parse} reads KRR's common spellings without a formatter (a date's cost per person); on any text of
 * a timestamp's shape, a character changed or not, it must answer as java.time's formatter of KRR's spellings does:
 * the same instant, or none. A date read wrongly would call a channel fresh or stale against §32.
 */
class KrrDatesPropertiesTest {

    /** The reference: ISO local date-time, an optional offset in one of KRR's spellings, else Norwegian time. */
    private static final DateTimeFormatter JAVA_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter().withZone(ZoneId.of("Europe/Oslo")).withResolverStyle(ResolverStyle.STRICT);

    @Property(tries = 5000)
    void parse_anyTextOfATimestampsShape_asJavaTimeReadsIt(@ForAll("timestampShaped") String text) {
        assertThat(KrrDates.parse(text)).as(text).isEqualTo(javaTime(text));
    }

    @Provide
    Arbitrary<String> timestampShaped() {
        Arbitrary<String> date = Combinators.combine(number(0, 9999, 4), number(0, 13, 2), number(0, 32, 2))
                .as((year, month, day) -> year + "-" + month + "-" + day);
        Arbitrary<String> time = Combinators.combine(number(0, 24, 2), number(0, 60, 2),
                Arbitraries.oneOf(Arbitraries.just(""), number(0, 60, 2).map(second -> ":" + second)))
                .as((hour, minute, second) -> "T" + hour + ":" + minute + second);
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().numeric().ofMaxLength(11).map(digits -> "." + digits));
        Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.of("", "Z", "+", "-0"),
                Combinators.combine(Arbitraries.of("+", "-"), number(0, 19, 2), Arbitraries.of("", ":", "-"),
                        Arbitraries.oneOf(Arbitraries.just(""), number(0, 60, 2), number(0, 9, 1)))
                        .as((sign, hours, colon, minutes) -> sign + hours + colon + minutes));
        Arbitrary<String> timestamp = Combinators.combine(date, time, fraction, offset)
                .as((d, t, f, o) -> d + t + f + o);
        // one character replaced, or none
        return timestamp.flatMap(text -> Combinators.combine(Arbitraries.integers().between(0, 2 * text.length()),
                        Arbitraries.of('0', '5', '9', '+', '-', ':', '.', 'T', 'Z', ' ', 'x', '\u0661'))
                .as((at, c) -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : text));
    }

    private static Arbitrary<String> number(int min, int max, int width) {
        return Arbitraries.integers().between(min, max).map(value -> String.format("%0" + width + "d", value));
    }

    private static Optional<Instant> javaTime(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("+") || trimmed.startsWith("-")) {
            return Optional.empty(); // a signed year is not RFC 3339's
        }
        try {
            return Optional.of(JAVA_TIME.parse(trimmed, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
