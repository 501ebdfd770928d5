// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonIdMaskingTest {

    @Test
    void mask_elevenDigitRun_keepsFirstSix() {
        assertThat(PersonIdMasking.mask("looked up 20914695016 and 23079421936."))
                .isEqualTo("looked up 209146***** and 230794*****.");
    }

    @Test
    void mask_longerOrShorterDigitRuns_untouched() {
        assertThat(PersonIdMasking.mask("startTimeMs: 1795561339944, offset 2091469501"))
                .isEqualTo("startTimeMs: 1795561339944, offset 2091469501");
    }

    @Test
    void mask_idInsideJson_masked() {
        assertThat(PersonIdMasking.mask("{\"personidentifikator\":\"20914695016\"}"))
                .isEqualTo("{\"personidentifikator\":\"209146*****\"}");
    }
}
