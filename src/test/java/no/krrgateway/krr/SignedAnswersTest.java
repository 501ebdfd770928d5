// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.x500.X500Principal;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.simulator.KrrAnswerSigner;
import no.krrgateway.simulator.SimulatorSigningProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verification of signed KRR answers, against the simulator's signer and each of its faults. */
class SignedAnswersTest {

    private static final byte[] JSON = "{\"personer\":[]}".getBytes(StandardCharsets.UTF_8);

    private final KrrAnswerSigner signer = new KrrAnswerSigner(
            new SimulatorSigningProperties(null, "991825827", KrrAnswerSigner.Fault.NONE), Clock.systemUTC());
    private final AtomicInteger failures = new AtomicInteger();

    private SignedAnswers answers(String org, String caPem, boolean keep) throws Exception {
        List<X509Certificate> anchors = List.of((X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
        return new SignedAnswers(anchors, org, keep, Clock.systemUTC(), failures::incrementAndGet);
    }

    @Test
    void aGoodAnswerGivesItsPayloadAndEvidence() throws Exception {
        byte[] jws = signer.sign(JSON);
        SignedAnswers.Opened opened = answers("991825827", signer.caPem(), true).open(jws);
        assertThat(opened.payload()).isEqualTo(JSON);
        assertThat(opened.evidence().jws()).isEqualTo(new String(jws, StandardCharsets.US_ASCII));
        assertThat(opened.evidence().id()).matches("[0-9a-f]{64}").isEqualTo(Evidence.sha256Hex(jws));
        assertThat(answers("991825827", signer.caPem(), false).open(jws).evidence()).isNull();
        assertThat(failures).hasValue(0);
    }

    @Test
    void eachFaultIsRefusedAndCounted() throws Exception {
        SignedAnswers answers = answers("991825827", signer.caPem(), true);
        record Case(KrrAnswerSigner.Fault fault, String why) {
        }
        for (Case c : List.of(new Case(KrrAnswerSigner.Fault.TAMPERED, "signature does not match"),
                new Case(KrrAnswerSigner.Fault.WRONG_ORG, "organisation 123456785, not 991825827"),
                new Case(KrrAnswerSigner.Fault.EXPIRED, "does not validate"),
                new Case(KrrAnswerSigner.Fault.UNKNOWN_CA, "does not validate"))) {
            signer.fault(c.fault());
            byte[] jws = signer.sign(JSON);
            assertThatThrownBy(() -> answers.open(jws)).as(c.fault().name())
                    .isInstanceOf(KrrException.SignatureInvalid.class).hasMessageContaining(c.why());
        }
        assertThat(failures).hasValue(4);
    }

    @Test
    void plainJsonAnUnsignedJwsAndAnotherOrgAreRefused() throws Exception {
        assertThatThrownBy(() -> answers("991825827", signer.caPem(), false).open(JSON))
                .isInstanceOf(KrrException.SignatureInvalid.class).hasMessageContaining("not a compact JWS");
        String unsigned = new com.nimbusds.jose.PlainObject(new com.nimbusds.jose.Payload(JSON)).serialize();
        assertThatThrownBy(() -> answers("991825827", signer.caPem(), false)
                .open(unsigned.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(KrrException.SignatureInvalid.class);
        assertThatThrownBy(() -> answers("974760673", signer.caPem(), false).open(signer.sign(JSON)))
                .isInstanceOf(KrrException.SignatureInvalid.class).hasMessageContaining("not 974760673");
    }

    /** What is kept is what the auditor's procedures (docs/evidence/) read: the compact JWS and its SHA-256. */
    @Test
    void whitespaceAroundTheJws_isNotKept_andASignatureThatIsNotPlainBase64urlIsRefused() throws Exception {
        SignedAnswers answers = answers("991825827", signer.caPem(), true);
        String jws = new String(signer.sign(JSON), StandardCharsets.US_ASCII);
        for (String sent : List.of(jws + "\r\n", " " + jws + "\n")) {
            Evidence kept = answers.open(sent.getBytes(StandardCharsets.US_ASCII)).evidence();
            assertThat(kept.jws()).isEqualTo(jws);
            assertThat(kept.id()).isEqualTo(Evidence.sha256Hex(jws.getBytes(StandardCharsets.US_ASCII)));
        }
        String[] parts = jws.split("\\.");
        String sig = parts[2];
        for (String odd : List.of(sig.substring(0, 9) + "!" + sig.substring(9), sig.substring(0, 9) + "\n"
                + sig.substring(9), sig.substring(0, 9) + "\u00e9" + sig.substring(9), sig + "==")) {
            byte[] sent = (parts[0] + "." + parts[1] + "." + odd).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> answers.open(sent)).isInstanceOf(KrrException.SignatureInvalid.class);
        }
        for (String odd : List.of(parts[0] + "!." + parts[1], parts[0] + "." + parts[1] + "\n")) {
            byte[] sent = (odd + "." + sig).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> answers.open(sent)).isInstanceOf(KrrException.SignatureInvalid.class);
        }
        assertThat(failures).hasValue(6);
    }

    @Test
    void theSignerIsJudgedAtTheTimeTheAnswerCame() throws Exception {
        byte[] jws = signer.sign(JSON);
        SignedAnswers answers = answers("991825827", signer.caPem(), false);
        assertThat(answers.verify(jws, Instant.now())).isEqualTo(JSON);
        assertThatThrownBy(() -> answers.verify(jws, Instant.now().plusSeconds(2 * 365 * 86_400L)))
                .isInstanceOf(KrrException.SignatureInvalid.class).hasMessageContaining("does not validate");
    }

    @Test
    void theOrganisationIsReadFromOrganizationIdentifierOrSerialNumber() {
        assertThat(SignedAnswers.organisation(new X500Principal("CN=KRR, OID.2.5.4.97=NTRNO-991825827, O=Digdir")))
                .isEqualTo("991825827");
        assertThat(SignedAnswers.organisation(new X500Principal("CN=KRR, SERIALNUMBER=991825827, O=Digdir")))
                .isEqualTo("991825827");
        assertThat(SignedAnswers.organisation(new X500Principal("CN=KRR, O=Digdir 991825827"))).isNull();
    }

    @Test
    void theSimulatorKeepsItsCaInItsFolder(@TempDir Path folder) throws Exception {
        var properties = new SimulatorSigningProperties(folder, "991825827", KrrAnswerSigner.Fault.NONE);
        KrrAnswerSigner first = new KrrAnswerSigner(properties, Clock.systemUTC());
        String pem = Files.readString(folder.resolve("krr-signing-ca.pem"));
        KrrAnswerSigner again = new KrrAnswerSigner(properties, Clock.systemUTC());
        assertThat(again.caPem()).isEqualTo(first.caPem()).isEqualTo(pem);
        assertThat(answers("991825827", pem, false).open(again.sign(JSON)).payload()).isEqualTo(JSON);
        assertThat(SignedAnswersProperties.readAnchors(folder.resolve("krr-signing-ca.pem"))).hasSize(1);
        assertThatThrownBy(() -> SignedAnswersProperties.readAnchors(folder.resolve("missing.pem")))
                .hasMessageContaining("gateway.krr.signed-answers.trust-anchors");
    }
}
