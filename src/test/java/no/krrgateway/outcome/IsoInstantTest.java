// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    @Test
    void toString_anyInstant_isInstantsOwnText() {
        SplittableRandom random = new SplittableRandom(15);
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
            assertThat(text(at)).isEqualTo(at.toString());
        }
    }

    @Test
    void toString_edges_isInstantsOwnText() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2024-02-29T12:00:00.100Z", "2026-11-23T08:00:00.000001Z", "1969-12-31T23:59:59.9Z"}) {
            Instant at = Instant.parse(text);
            assertThat(text(at)).isEqualTo(at.toString());
        }
        for (Instant at : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z")}) {
            assertThat(text(at)).isEqualTo(at.toString());
        }
    }

    private static String text(Instant instant) {
        byte[] text = new byte[IsoInstant.MAX_LENGTH];
        return new String(text, 0, IsoInstant.format(instant, text, 0), StandardCharsets.US_ASCII);
    }
}
