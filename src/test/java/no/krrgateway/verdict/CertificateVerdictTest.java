// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import no.krrgateway.support.TestCertificates;
import no.krrgateway.verdict.Verdict.CertificateVerdict;
import org.junit.jupiter.api.Test;

class CertificateVerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void judge_validCertificate_usableWithItsNotAfter() {
        CertificateVerdict verdict = CertificateVerdict.judge(TestCertificates.VALID, NOW);

        assertThat(verdict.usable()).isTrue();
        assertThat(verdict.notAfter()).contains(TestCertificates.VALID_NOT_AFTER);
    }

    @Test
    void judge_expiredCertificate_notUsableButNotAfterKnown() {
        CertificateVerdict verdict = CertificateVerdict.judge(TestCertificates.EXPIRED, NOW);

        assertThat(verdict.usable()).isFalse();
        assertThat(verdict.notAfter()).contains(TestCertificates.EXPIRED_NOT_AFTER);
    }

    @Test
    void judge_atTheInstantItExpires_stillUsableThenNot() {
        assertThat(CertificateVerdict.judge(TestCertificates.VALID, TestCertificates.VALID_NOT_AFTER).usable()).isTrue();
        assertThat(CertificateVerdict.judge(TestCertificates.VALID, TestCertificates.VALID_NOT_AFTER.plusSeconds(1))
                .usable()).isFalse();
    }

    @Test
    void judge_beforeItsValidityStarts_notUsable() {
        assertThat(CertificateVerdict.judge(TestCertificates.VALID, Instant.parse("2026-11-23T08:00:00Z")).usable())
                .isFalse();
    }

    @Test
    void judge_malformed_notUsableWithoutNotAfterAndNoException() {
        for (String malformed : new String[] {"not base64 at all!", "TUlJQ2==", TestCertificates.VALID.substring(0, 200),
                "", "AAAA"}) {
            assertThat(CertificateVerdict.judge(malformed, NOW)).as(malformed)
                    .isEqualTo(new CertificateVerdict(Optional.empty(), false));
        }
    }
}
