// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/** Instant.toString's text as ASCII, without its formatter: the largest cost of writing a result (BENCHMARKS.md). */
final class IsoInstant {

    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    private static final long SECONDS_PER_DAY = 86_400;

    /** Room enough for any instant's text (Instant.MAX's is the longest, 37 characters). */
    static final int MAX_LENGTH = 40;

    private IsoInstant() {
    }

    /** {@code to} must have room for {@link #MAX_LENGTH} bytes from {@code at}. */
    static int format(Instant instant, byte[] to, int at) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        if (seconds < FIRST || seconds > LAST) {
            byte[] text = instant.toString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, to, at, text.length);
            return at + text.length;
        }
        // The date from java.time; the time of day by plain arithmetic, cheaper than LocalTime.ofNanoOfDay.
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        digits(to, at, date.getYear(), 4);
        to[at + 4] = '-';
        digits(to, at + 5, date.getMonthValue(), 2);
        to[at + 7] = '-';
        digits(to, at + 8, date.getDayOfMonth(), 2);
        to[at + 10] = 'T';
        digits(to, at + 11, secondOfDay / 3600, 2);
        to[at + 13] = ':';
        digits(to, at + 14, secondOfDay / 60 % 60, 2);
        to[at + 16] = ':';
        digits(to, at + 17, secondOfDay % 60, 2);
        at += 19;
        if (nanos != 0) {
            int count = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
            to[at++] = '.';
            digits(to, at, count == 3 ? nanos / 1_000_000 : count == 6 ? nanos / 1000 : nanos, count);
            at += count;
        }
        to[at++] = 'Z';
        return at;
    }

    private static void digits(byte[] to, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            to[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
