// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.simulator.KrrAnswerSigner;
import no.krrgateway.simulator.SimulatorSigningProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check's line for the trust anchors of signed KRR answers: days left, a renewal hint, expired and unreadable. */
class TrustAnchorsCheckTest {

    @TempDir
    Path folder;

    private final KrrAnswerSigner signer = new KrrAnswerSigner(
            new SimulatorSigningProperties(null, "991825827", KrrAnswerSigner.Fault.NONE), Clock.systemUTC());

    private Path anchors() throws Exception {
        return Files.writeString(folder.resolve("ca.pem"), signer.caPem());
    }

    @Test
    void off_skipped() {
        assertThat(PreflightConfiguration.trustAnchors(new SignedAnswersProperties(false, null, "991825827", false),
                Clock.systemUTC()).status()).isEqualTo(CheckLine.Status.SKIP);
    }

    @Test
    void readableAnchors_okWithTheDaysLeft() throws Exception {
        CheckLine line = PreflightConfiguration.trustAnchors(
                new SignedAnswersProperties(true, anchors(), "991825827", false), Clock.systemUTC());
        assertThat(line.status()).isEqualTo(CheckLine.Status.OK);
        assertThat(line.detail()).containsPattern("\\d+ days left").doesNotContain("renew");
    }

    @Test
    void anchorExpiredByTheTimeOfTheCheck_failNamingTheProperty() throws Exception {
        Clock farFuture = Clock.fixed(Clock.systemUTC().instant().plus(Duration.ofDays(365 * 100)), ZoneOffset.UTC);
        CheckLine line = PreflightConfiguration.trustAnchors(
                new SignedAnswersProperties(true, anchors(), "991825827", false), farFuture);
        assertThat(line.failed()).isTrue();
        assertThat(line.detail()).contains("gateway.krr.signed-answers.trust-anchors");
    }

    @Test
    void unreadableAnchors_failNamingTheProperty() throws Exception {
        Path notPem = Files.writeString(folder.resolve("x.pem"), "not a certificate");
        CheckLine line = PreflightConfiguration.trustAnchors(
                new SignedAnswersProperties(true, notPem, "991825827", false), Clock.systemUTC());
        assertThat(line.failed()).isTrue();
        assertThat(line.detail()).contains("gateway.krr.signed-answers.trust-anchors");
    }
}
