// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import no.krrgateway.krr.model.KrrDates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KrrDatesTest {

    @ParameterizedTest
    @CsvSource({
            "2023-06-29T10:14:52+02, 2023-06-29T08:14:52Z",
            "2023-06-13T13:42:34+01, 2023-06-13T12:42:34Z",
            "2023-08-05T10:45:15.768Z, 2023-08-05T10:45:15.768Z",
            "2014-02-25T13:08:00.000+01:00, 2014-02-25T12:08:00Z",
            "2014-02-25T13:08:00+0100, 2014-02-25T12:08:00Z",
            "2014-02-25T13:08:00, 2014-02-25T12:08:00Z",
            "2023-07-15T10:00:00, 2023-07-15T08:00:00Z",
            "2023-06-29T10:14:52.1+02:00, 2023-06-29T08:14:52.100Z",
            "2023-06-29T10:14:52.123456789-0130, 2023-06-29T11:44:52.123456789Z",
            "2023-06-29T10:14:52.5-03, 2023-06-29T13:14:52.500Z",
            "' 2023-06-29T10:14:52Z ', 2023-06-29T10:14:52Z",
            "2023-06-29T10:14+02:00, 2023-06-29T08:14:00Z"
    })
    void parse_krrOffsetVariants_sameInstant(String value, String expected) {
        assertThat(KrrDates.parse(value)).contains(Instant.parse(expected));
    }

    /** Every offset ZoneOffset allows, in each spelling KRR uses: the instant that java.time reads from it. */
    @Test
    void parse_everyOffsetInRange_sameInstantAsJavaTime() {
        for (int hours = 0; hours <= 18; hours++) {
            for (int minutes : new int[] {0, 1, 30, 45, 59}) {
                if (hours == 18 && minutes > 0) {
                    continue;
                }
                for (String sign : new String[] {"+", "-"}) {
                    String hh = String.format("%s%02d", sign, hours);
                    String mm = String.format("%02d", minutes);
                    Instant expected = OffsetDateTime.parse("2024-02-29T23:59:58.25" + hh + ":" + mm).toInstant();
                    assertThat(KrrDates.parse("2024-02-29T23:59:58.25" + hh + ":" + mm)).contains(expected);
                    assertThat(KrrDates.parse("2024-02-29T23:59:58.25" + hh + mm)).contains(expected);
                    if (minutes == 0) {
                        assertThat(KrrDates.parse("2024-02-29T23:59:58.25" + hh)).contains(expected);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2023-13-01T00:00:00Z", "2023-06-29", "2023-06-29T10:14:52+2",
            "2023-06-29T10:14:52Zulu", "2023-06-29T10:14:52+19:00",
            "2023-06-29T10:14:52+18:30", "2023-06-29T10:14:52-18:01", "2023-06-29T10:14:52+10:60", "2023-06-29X10:14:52Z",
            // an Arabic-Indic digit in the fraction: java.time reads none but ASCII digits, nor may the fast path
            "2023-06-29T10:14:52.00000\u0661Z",
            // days a month lacks: missing, not the month's last day (java.time's default, lenient resolving)
            "2023-02-29T10:00:00+01:00", "2024-02-30T10:00:00Z", "2025-06-31T10:00:00", "2025-04-31T10:00+02:00",
            // signed years, not RFC 3339's four digits: 18 months past the first is beyond java.time's last year
            "+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
            // not blank, yet nothing once trimmed (trim takes control characters too)
            "\u0000", "\u0001\u0002"})
    void parse_notATimestamp_isMissing(String value) {
        assertThat(KrrDates.parse(value)).isEmpty();
    }
}
