// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()}'s text (ISO-8601 in UTC: {@code 2026-11-23T08:00:00Z}, the fraction in groups of three
 * digits, none when zero) without the formatter behind it, which was the largest single cost of writing a result
 * (five instants each; BENCHMARKS.md's profile). Years outside 0000..9999 go to {@link Instant#toString()}.
 */
final class IsoInstant {

    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private IsoInstant() {
    }

    /** The characters into {@code to}, which must hold 40 (Instant.MIN's text is 36); returns how many. */
    static int format(Instant instant, char[] to) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        if (seconds < FIRST || seconds > LAST) {
            String text = instant.toString();
            text.getChars(0, text.length(), to, 0);
            return text.length();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
        digits(to, 0, t.getYear(), 4);
        to[4] = '-';
        digits(to, 5, t.getMonthValue(), 2);
        to[7] = '-';
        digits(to, 8, t.getDayOfMonth(), 2);
        to[10] = 'T';
        digits(to, 11, t.getHour(), 2);
        to[13] = ':';
        digits(to, 14, t.getMinute(), 2);
        to[16] = ':';
        digits(to, 17, t.getSecond(), 2);
        int at = 19;
        if (nanos != 0) {
            to[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(to, at, nanos / 1_000_000, 3);
                at += 3;
            } else if (nanos % 1000 == 0) {
                digits(to, at, nanos / 1000, 6);
                at += 6;
            } else {
                digits(to, at, nanos, 9);
                at += 9;
            }
        }
        to[at++] = 'Z';
        return at;
    }

    static String toString(Instant instant) {
        char[] chars = new char[40];
        return new String(chars, 0, format(instant, chars));
    }

    private static void digits(char[] to, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            to[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
