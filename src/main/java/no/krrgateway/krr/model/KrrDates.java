// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses KRR's timestamps, whose precision and offset vary: {@code 2023-06-29T10:14:52+02},
 * {@code 2023-08-05T10:45:15.768Z}, {@code 2014-02-25T13:08:00.000+01:00}, and {@code +0100}.
 * A value that is not a timestamp reads as missing rather than failing the person.
 */
public final class KrrDates {

    private static final DateTimeFormatter FLEXIBLE_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    /** A timestamp without offset is taken as Norwegian time, KRR's home zone. */
    private static final ZoneId NORWAY = ZoneId.of("Europe/Oslo");

    private KrrDates() {
    }

    public static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        try {
            var parsed = FLEXIBLE_OFFSET.parseBest(trimmed, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime odt) {
                return Optional.of(odt.toInstant());
            }
            return Optional.of(((LocalDateTime) parsed).atZone(NORWAY).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
