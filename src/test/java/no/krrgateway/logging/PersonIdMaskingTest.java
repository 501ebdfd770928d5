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

    /** A file's name is its sender's choice: an id typed a digit short is masked there, not in other text. */
    @Test
    void maskName_tenDigitsMaskedToo_shorterNumbersAndOtherTextAsMask() {
        assertThat(PersonIdMasking.maskName("2091469501.txt")).isEqualTo("**********.txt");
        assertThat(PersonIdMasking.maskName("209146 9501.csv")).isEqualTo("****** ****.csv");
        assertThat(PersonIdMasking.maskName("910000001 ids.json")).isEqualTo("910000001 ids.json");
        assertThat(PersonIdMasking.maskName("20914695016.txt")).isEqualTo("***********.txt");
        assertThat(PersonIdMasking.mask("offset 2091469501")).isEqualTo("offset 2091469501");
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

    /**
     * The shortest address, and phones of the first digits 1 and 9 and of zeros: the shortcut before the address and
     * phone pattern lets each in (else "+12025550100" would become "+***********", "+4000000000" stay in clear).
     * Each alone, as the shortcut stops at the first it finds.
     */
    @Test
    void mask_shortestAddressAndPhonesOfEveryFirstDigit_masked() {
        assertThat(PersonIdMasking.mask("a@x.no")).isEqualTo("***@***");
        for (String phone : new String[] {"+12025550100", "+919876543210", "+4000000000"}) {
            assertThat(PersonIdMasking.mask(phone)).isEqualTo("+********");
        }
        assertThat(PersonIdMasking.mask("sum 5+")).isEqualTo("sum 5+");
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

    /** The forms of issue 25 that passed in clear, each in the sentence a log would hold. */
    @Test
    void mask_idsWrittenWithSeparators_masked() {
        assertThat(PersonIdMasking.mask("File 209146_95016.txt: started")).isEqualTo("File ******_*****.txt: started");
        assertThat(PersonIdMasking.mask("fnr 209146/95016, 20 09 46 950 16, 209146\t95016, 209146\u00A095016"))
                .isEqualTo("fnr ******/*****, ** ** ** *** **, ******\t*****, ******\u00A0*****");
        assertThat(PersonIdMasking.mask("ids 20914695016 23079421936 and 2091-4695-016"))
                .isEqualTo("ids *********** *********** and ****-****-***");
    }

    @Test
    void mask_numbersThatAreNoId_untouched() {
        String text = "2026-11-27T03:03:00.123Z partition 3 offset 1-2-3, 10.0.0.1:9092, krr.requests-3-1234567, "
                + "1 000 000 ids, v3.18.0";
        assertThat(PersonIdMasking.mask(text)).isEqualTo(text);
    }

    @Test
    void mask_emailWithNonAsciiDomain_masked() {
        assertThat(PersonIdMasking.mask("til kari@blåbær.no og søren@例え.テスト."))
                .isEqualTo("til ***@*** og ***@***.");
    }

    /**
     * A 1 MB line with a thousand separated ids: every one masked. The limit is a guard against a hang (a quadratic
     * masking would take minutes), far above the milliseconds it takes; its speed is measured by
     * {@code LogMaskingBenchmark.megabyteLine}.
     */
    @Test
    void mask_megabyteLineWithThousandSeparatedIds_allMasked() {
        StringBuilder line = new StringBuilder(1 << 20);
        while (line.length() < (1 << 20) - 1100) {
            line.append("x".repeat(1000)).append(" 209146 95016");
        }
        String masked = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> PersonIdMasking.mask(line.toString()));
        assertThat(masked).hasSameSizeAs(line).doesNotContain("209146").doesNotContain("95016")
                .contains("x ****** *****x");
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
