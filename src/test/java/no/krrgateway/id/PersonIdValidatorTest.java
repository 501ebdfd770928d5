// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.id;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonIdValidatorTest {

    private final PersonIdValidator production = new PersonIdValidator(false);
    private final PersonIdValidator test = new PersonIdValidator(true);

    @ParameterizedTest
    @ValueSource(strings = {
            "23079421936", // Digdir's example
            "63079400000", "41017010083", // D-nummer (day + 40), of days 23 and 1
            "02013299997", "30108299920", // Skatteetaten 2032 examples, valid under both rules
            "30108299939", "01017000043", "01017010014", // valid only under the 2032 rule (K1 remainder 1, 2, 3)
            "81234500090" // FH-nummer: no date part
    })
    void problem_validId_isEmpty(String id) {
        assertThat(production.problem(id)).isEmpty();
        assertThat(test.problem(id)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "20914695017, check digits do not match",
            "01017010022, check digits do not match", // K2 matches, K1 leaves 4
            "12345678901, check digits do not match",
            "2091469501, not 11 digits",
            "209146950160, not 11 digits",
            "2091469501a, not 11 digits",
            "31027600045, date part is not a date",
            "01137600060, date part is not a date"
    })
    void problem_invalidId_namesTheProblem(String id, String problem) {
        assertThat(production.problem(id)).contains(problem);
        assertThat(test.problem(id)).contains(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "20914695016", // Digdir's example: a Tenor id, +80 on the month
            "15507600333", "55507608360", // NAV's Dolly example (+40) and its D-nummer
            "15897600045", "55897600039", "15497600062"})
    void problem_syntheticId_validOnlyWhereAllowed(String id) {
        assertThat(production.problem(id)).isPresent();
        assertThat(production.problem(id).orElseThrow()).contains("not allowed here");
        assertThat(test.problem(id)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abcdefghijk"})
    void problem_notDigits_notElevenDigits(String id) {
        assertThat(production.problem(id)).contains("not 11 digits");
    }

    @org.junit.jupiter.api.Test
    void problem_null_notElevenDigits() {
        assertThat(production.problem(null)).contains("not 11 digits");
    }
}
