// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/** KRR's timestamps vary in precision and offset (+02, Z, +01:00, +0100); a bad one reads as missing, not a failure. */
public final class KrrDates {

    /** A timestamp without offset is taken as Norwegian time, KRR's home zone. */
    private static final ZoneId NORWAY = ZoneId.of("Europe/Oslo");

    private static final DateTimeFormatter FLEXIBLE_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter().withZone(NORWAY) // for text without an offset only: an offset read wins over it
            .withResolverStyle(ResolverStyle.STRICT); // 30 February is no date, not the 28th

    private KrrDates() {
    }

    public static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        Instant fast = parseCommon(trimmed);
        if (fast != null || trimmed.startsWith("+") || trimmed.startsWith("-")) {
            // A signed year is not RFC 3339's; java.time reads "+999999999-..." and §32's 18 months overflow it.
            return Optional.ofNullable(fast);
        }
        try {
            return Optional.of(FLEXIBLE_OFFSET.parse(trimmed, Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** KRR's spellings without the formatter (microseconds per date, per person); null leaves the rest to it. */
    static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (at < n && s.charAt(at) == '.') {
            int start = ++at;
            while (at < n && at - start < 9 && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                nanos = nanos * 10 + (s.charAt(at++) - '0');
            }
            for (int i = at - start; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            if (at == n) {
                return local.atZone(NORWAY).toInstant();
            }
            int offset = offsetSeconds(s, at);
            // Not local.toInstant(ZoneOffset): ZoneOffset.ofTotalSeconds's cache lookup was a date's largest cost.
            return offset == NO_OFFSET ? null
                    : Instant.ofEpochSecond(local.toEpochSecond(ZoneOffset.UTC) - offset, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static final int NO_OFFSET = Integer.MIN_VALUE;

    /** The offset at {@code s[at..]} in seconds, within ZoneOffset's range (±18:00); or {@link #NO_OFFSET}. */
    private static int offsetSeconds(String s, int at) {
        int left = s.length() - at;
        char sign = s.charAt(at);
        if (sign == 'Z') {
            return left == 1 ? 0 : NO_OFFSET;
        }
        if (sign != '+' && sign != '-') {
            return NO_OFFSET;
        }
        int hours = digits(s, at + 1, 2);
        int minutes = switch (left) {
            case 3 -> 0;
            case 5 -> digits(s, at + 3, 2);
            case 6 -> s.charAt(at + 3) == ':' ? digits(s, at + 4, 2) : -1;
            default -> -1;
        };
        if (hours < 0 || minutes < 0 || minutes > 59 || hours > 18 || hours == 18 && minutes > 0) {
            return NO_OFFSET;
        }
        int seconds = hours * 3600 + minutes * 60;
        return sign == '+' ? seconds : -seconds;
    }

    private static int digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
