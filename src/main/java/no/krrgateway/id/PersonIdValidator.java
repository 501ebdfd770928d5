// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.id;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Checks Norwegian person ids (fødselsnummer, D-, H- and FH-nummer) by Skatteetaten's rules before KRR sees them.
 *
 * @param allowSynthetic accept synthetic test ids (+40 or +80 on the month); false in production
 */
@ConfigurationProperties("gateway.validation")
public record PersonIdValidator(@DefaultValue("false") boolean allowSynthetic) {

    private static final int[] K1_WEIGHTS = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    public Optional<String> problem(String id) {
        if (id == null || id.length() != 11) {
            return Optional.of("not 11 digits");
        }
        // A plain loop: checked for every id of every lookup, where a stream per id showed in the profile.
        int[] d = new int[11];
        for (int i = 0; i < 11; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.of("not 11 digits");
            }
            d[i] = c - '0';
        }
        return checkDigitsMatch(d) ? datePartProblem(d) : Optional.of("check digits do not match");
    }

    private static boolean checkDigitsMatch(int[] d) {
        int r1 = d[9];
        for (int i = 0; i < 9; i++) {
            r1 += K1_WEIGHTS[i] * d[i];
        }
        int r2 = d[10];
        for (int i = 0; i < 10; i++) {
            r2 += K2_WEIGHTS[i] * d[i];
        }
        // From 2032 K1 may leave a remainder of 0..3 (Skatteetaten, "Nytt fødselsnummer fra 2032"); K2 is unchanged.
        return r1 % 11 <= 3 && r2 % 11 == 0;
    }

    private Optional<String> datePartProblem(int[] d) {
        int first = d[0];
        if (first == 8 || first == 9) {
            return Optional.empty(); // FH-nummer: carries no date
        }
        int day = d[0] * 10 + d[1];
        int month = d[2] * 10 + d[3];
        if (first >= 4) {
            day -= 40; // D-nummer
        }
        if (month > 80) {
            if (!allowSynthetic) {
                return Optional.of("synthetic test id (+80 on the month) is not allowed here");
            }
            month -= 80; // Skatteetaten's Tenor test ids
        } else if (month > 40) {
            // H-nummer and NAV's Dolly test ids alike; neither is ever in KRR (docs/contract.md §3).
            if (!allowSynthetic) {
                return Optional.of("H-nummer or synthetic test id (+40 on the month) is not allowed here");
            }
            month -= 40;
        }
        try {
            // No century (D-numbers and post-2032 ids lack it): leap year 2000 accepts 29 February for every year.
            LocalDate.of(2000, month, day);
            return Optional.empty();
        } catch (DateTimeException e) {
            return Optional.of("date part is not a date");
        }
    }
}
