// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The timestamp spellings KRR is known to use, so clients must parse all of them. */
public enum DateStyle {
    /** {@code 2023-08-05T10:45:15.768Z}. */
    UTC_MILLIS(ZoneOffset.UTC, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"),
    /** {@code 2023-06-13T13:42:34+01}: offset without minutes, as in Digdir's REST example. */
    OFFSET_HOURS(ZoneOffset.ofHours(1), "yyyy-MM-dd'T'HH:mm:ssX"),
    /** {@code 2023-06-13T13:42:34+01:00}. */
    OFFSET_FULL(ZoneOffset.ofHours(1), "yyyy-MM-dd'T'HH:mm:ssXXX");

    private final DateTimeFormatter formatter;

    DateStyle(ZoneOffset offset, String pattern) {
        this.formatter = DateTimeFormatter.ofPattern(pattern).withZone(offset);
    }

    public String format(Instant instant) {
        return instant == null ? null : formatter.format(instant);
    }
}
