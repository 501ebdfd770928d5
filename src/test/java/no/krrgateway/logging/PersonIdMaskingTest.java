// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PersonIdMaskingTest {

    @AfterEach
    void wholeIdsAgain() {
        PersonIdMasking.keepLastDigits(0);
    }

    @Test
    void mask_elevenDigitRun_maskedWhole() {
        assertThat(PersonIdMasking.mask("looked up 20914695016 and 23079421936."))
                .isEqualTo("looked up *********** and ***********.");
    }

    @Test
    void mask_keepLastDigitsSet_keepsOnlyThose() {
        PersonIdMasking.keepLastDigits(2);
        assertThat(PersonIdMasking.mask("looked up 20914695016.")).isEqualTo("looked up *********16.");
        assertThatThrownBy(() -> PersonIdMasking.keepLastDigits(6)).hasMessageContaining("keep-last-digits");
    }

    @Test
    void mask_idInsideLongerTextOrLongerDigitRun_masked() {
        assertThat(PersonIdMasking.mask("ref=ab20914695016cd, joined 2091469501623079421936"))
                .isEqualTo("ref=ab***********cd, joined **********************");
    }

    @Test
    void mask_birthDateSpaceNumber_masked() {
        assertThat(PersonIdMasking.mask("fnr 209146 95016 and 209146-95016")).isEqualTo(
                "fnr ****** ***** and ******-*****");
    }

    @Test
    void mask_emailAndMobile_masked() {
        assertThat(PersonIdMasking.mask("{\"epostadresse\":\"ola.nordmann@example.no\","
                + "\"mobiltelefonnummer\":\"+4799999999\"} or +47 999 99 999"))
                .isEqualTo("{\"epostadresse\":\"***@***\",\"mobiltelefonnummer\":\"+********\"} or +********");
    }

    @Test
    void mask_shortNumbers_untouched() {
        assertThat(PersonIdMasking.mask("offset 2091469501, org 991825827, partition 3, 12:00:01.123"))
                .isEqualTo("offset 2091469501, org 991825827, partition 3, 12:00:01.123");
    }

    @Test
    void mask_idInsideJson_masked() {
        assertThat(PersonIdMasking.mask("{\"personidentifikator\":\"20914695016\"}"))
                .isEqualTo("{\"personidentifikator\":\"***********\"}");
    }

    /**
     * A huge value (a 700 KB correlation id) must not make masking quadratic: with an unbounded e-mail pattern this
     * held a thread for minutes. The time limit is a guard against a hang, far above the milliseconds it takes.
     */
    @Test
    void mask_hugeRunOfAddressCharacters_linearAndStillMasksTheAddress() {
        String huge = "x".repeat(700_000) + " @ " + "y.".repeat(100_000) + " to ola@example.no";
        String masked = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> PersonIdMasking.mask(huge));
        assertThat(masked).endsWith(" to ***@***").hasSize(huge.length() - "ola@example.no".length() + 7);
    }

    @Test
    void mask_emailAtTextEdges_masked() {
        assertThat(PersonIdMasking.mask("ola@example.no.")).isEqualTo("***@***.");
        assertThat(PersonIdMasking.mask("(kari.n+krr@sub.example.com)")).isEqualTo("(***@***)");
    }

    /**
     * Text without '@' or '+digit' (audit lines, most log lines) is masked by a plain loop instead of the regex: it
     * must find exactly what the pattern finds, whatever digits, separators and lengths the text mixes.
     */
    @Test
    void mask_withoutAddressOrPhone_sameAsThePattern() {
        java.util.Random random = new java.util.Random(15);
        String alphabet = "0123456789 .-x\"{}:+";
        for (int keep = 0; keep <= PersonIdMasking.MAX_KEEP_LAST_DIGITS; keep += 2) {
            PersonIdMasking.keepLastDigits(keep);
            for (int n = 0; n < 20_000; n++) {
                StringBuilder text = new StringBuilder();
                int length = 6 + random.nextInt(40);
                while (text.length() < length) {
                    if (random.nextInt(4) == 0) {
                        text.append(random.nextInt(2) == 0 ? "209146" : "20914695016".substring(random.nextInt(11)));
                    } else {
                        text.append(alphabet.charAt(random.nextInt(random.nextInt(3) == 0 ? alphabet.length() : 10)));
                    }
                }
                String plain = text.toString().replaceAll("\\+(?=[1-9])", "x");
                assertThat(PersonIdMasking.mask(plain)).as(plain).isEqualTo(PersonIdMasking.maskByPattern(plain));
            }
        }
    }

    @Test
    void mask_auditLineWithPlantedIds_maskedTimestampAndOffsetKept() {
        String line = "{\"event\":\"lookup\",\"at\":\"2026-11-27T03:03:00.123456Z\",\"source\":\"krr.requests-3-1234567\","
                + "\"requestId\":\"20914695016\",\"correlationId\":\"209146 95016/23079421936001\",\"ids\":10}";
        assertThat(PersonIdMasking.mask(line)).isEqualTo("{\"event\":\"lookup\",\"at\":\"2026-11-27T03:03:00.123456Z\","
                + "\"source\":\"krr.requests-3-1234567\",\"requestId\":\"***********\","
                + "\"correlationId\":\"****** *****/**************\",\"ids\":10}");
    }
}
