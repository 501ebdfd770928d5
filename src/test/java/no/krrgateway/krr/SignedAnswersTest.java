// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.x500.X500Principal;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.simulator.KrrAnswerSigner;
import no.krrgateway.simulator.SimulatorSigningProperties;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
                new Case(KrrAnswerSigner.Fault.UNKNOWN_CA, "does not validate"),
                new Case(KrrAnswerSigner.Fault.NOT_FOR_SIGNING, "key usage allows no digital signature"))) {
            signer.fault(c.fault());
            byte[] jws = signer.sign(JSON);
            assertThatThrownBy(() -> answers.open(jws)).as(c.fault().name())
                    .isInstanceOf(KrrException.SignatureInvalid.class).hasMessageContaining(c.why());
        }
        assertThat(failures).hasValue(5);
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

    /**
     * docs/evidence.md 1 and 2: RS, PS or ES only (never HMAC), an x5c chain from a signer certificate to an anchor.
     * Each header below goes with the simulator's real payload and signature: refused before the signature counts.
     */
    @Test
    void anHmacOrAMissingOrUnreadableChainOrAnAnchorSigningItself_isRefused() throws Exception {
        SignedAnswers answers = answers("991825827", signer.caPem(), false);
        JWSObject good = JWSObject.parse(new String(signer.sign(JSON), StandardCharsets.US_ASCII));
        List<Base64> chain = good.getHeader().getX509CertChain();
        List<Base64> anchorAlone = List.of(Base64.encode(((X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(signer.caPem().getBytes(StandardCharsets.US_ASCII))))
                .getEncoded()));
        Map<JWSHeader, String> refused = Map.of(
                new JWSHeader.Builder(JWSAlgorithm.HS256).x509CertChain(chain).build(), "HS256 is not RS, PS or ES",
                new JWSHeader.Builder(JWSAlgorithm.ES256).build(), "no x5c certificate chain",
                new JWSHeader.Builder(JWSAlgorithm.ES256).x509CertChain(List.of(Base64.encode("not a certificate")))
                        .build(), "not an X.509 certificate",
                new JWSHeader.Builder(JWSAlgorithm.ES256).x509CertChain(anchorAlone).build(), "a trust anchor itself",
                new JWSHeader.Builder(JWSAlgorithm.RS256).x509CertChain(chain).build(), "cannot be checked with the "
                        + "signer's key");
        refused.forEach((header, why) -> {
            byte[] sent = (header.toBase64URL() + "." + good.getPayload().toBase64URL() + "." + good.getSignature())
                    .getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> answers.open(sent)).as(why).isInstanceOf(KrrException.SignatureInvalid.class)
                    .hasMessageContaining(why);
        });
        assertThat(failures).hasValue(refused.size());
    }

    /** The JDK's PKIX ignores an anchor's own path length (optional in RFC 5280); openssl in verify.sh refuses. */
    @Test
    void aChainLongerThanTheTrustAnchorsPathLengthAllows_isRefused() throws Exception {
        for (Integer pathLength : new Integer[] {0, 1, null}) {
            Instant now = Instant.now();
            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=KRR test root");
            X509Certificate ca = certificate(caName, caKeys.getPrivate(), caName, caKeys.getPublic(),
                    pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength), now);
            KeyPair issuingKeys = ecKeys();
            X500Name issuingName = new X500Name("CN=KRR test issuing CA");
            X509Certificate issuing = certificate(caName, caKeys.getPrivate(), issuingName, issuingKeys.getPublic(),
                    new BasicConstraints(0), now);
            KeyPair signerKeys = ecKeys();
            X509Certificate signerCertificate = certificate(issuingName, issuingKeys.getPrivate(),
                    new X500Name("CN=KRR, OID.2.5.4.97=NTRNO-991825827"), signerKeys.getPublic(),
                    new BasicConstraints(false), now);
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).x509CertChain(List.of(
                    Base64.encode(signerCertificate.getEncoded()), Base64.encode(issuing.getEncoded()))).build(),
                    new Payload(JSON));
            jws.sign(new ECDSASigner((ECPrivateKey) signerKeys.getPrivate()));
            var answers = new SignedAnswers(List.of(ca), "991825827", true, Clock.systemUTC(), () -> { });
            byte[] sent = jws.serialize().getBytes(StandardCharsets.US_ASCII);
            if (pathLength != null && pathLength == 0) {
                assertThatThrownBy(() -> answers.open(sent)).isInstanceOf(KrrException.SignatureInvalid.class)
                        .hasMessageContaining("path length");
            } else {
                assertThat(answers.open(sent).payload()).as("path length %s", pathLength).isEqualTo(JSON);
            }
        }
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name issuer, PrivateKey issuerKey, X500Name subject,
                                               PublicKey key, BasicConstraints constraints, Instant now)
            throws Exception {
        return certificate(issuer, issuerKey, subject, key, constraints, now, null);
    }

    /** {@code keyUsage} null: no key usage extension. */
    private static X509Certificate certificate(X500Name issuer, PrivateKey issuerKey, X500Name subject,
                                               PublicKey key, BasicConstraints constraints, Instant now,
                                               Integer keyUsage) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86_400)), subject, key)
                .addExtension(Extension.basicConstraints, true, constraints);
        if (keyUsage != null) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    /**
     * RFC 5280 §4.2.1.3: a key may verify signatures other than on certificates and CRLs only with digitalSignature or
     * nonRepudiation asserted; without the extension, nothing restricts it.
     */
    @Test
    void aSignerCertificateWhoseKeyUsageAllowsNoSignature_isRefused() throws Exception {
        Instant now = Instant.now();
        KeyPair caKeys = ecKeys();
        X500Name caName = new X500Name("CN=KRR test root");
        X509Certificate ca = certificate(caName, caKeys.getPrivate(), caName, caKeys.getPublic(),
                new BasicConstraints(0), now);
        var answers = new SignedAnswers(List.of(ca), "991825827", false, Clock.systemUTC(), () -> { });
        Map<Integer, Boolean> accepted = new java.util.LinkedHashMap<>();
        accepted.put(KeyUsage.digitalSignature, true);
        accepted.put(KeyUsage.nonRepudiation, true);
        accepted.put(KeyUsage.digitalSignature | KeyUsage.keyEncipherment, true);
        accepted.put(null, true);
        accepted.put(KeyUsage.keyEncipherment, false);
        accepted.put(KeyUsage.keyAgreement | KeyUsage.dataEncipherment, false);
        for (var usage : accepted.entrySet()) {
            KeyPair signerKeys = ecKeys();
            X509Certificate signerCertificate = certificate(caName, caKeys.getPrivate(),
                    new X500Name("CN=KRR, OID.2.5.4.97=NTRNO-991825827"), signerKeys.getPublic(),
                    new BasicConstraints(false), now, usage.getKey());
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).x509CertChain(List.of(
                    Base64.encode(signerCertificate.getEncoded()), Base64.encode(ca.getEncoded()))).build(),
                    new Payload(JSON));
            jws.sign(new ECDSASigner((ECPrivateKey) signerKeys.getPrivate()));
            byte[] sent = jws.serialize().getBytes(StandardCharsets.US_ASCII);
            if (usage.getValue()) {
                assertThat(answers.open(sent).payload()).as("key usage %s", usage.getKey()).isEqualTo(JSON);
            } else {
                assertThatThrownBy(() -> answers.open(sent)).as("key usage %s", usage.getKey())
                        .isInstanceOf(KrrException.SignatureInvalid.class).hasMessageContaining("key usage");
            }
        }
    }

    /**
     * A 16 MB answer (gateway.krr.max-answer-size) verified and kept: 159,491,408 bytes allocated before (9.5 times the
     * answer: the answer decoded to a String twice, kept as a third), 125,933,552 now; the rest is nimbus's.
     */
    @Test
    void aLargestAnswer_isNotCopiedByTheGatewayBeyondOneString() throws Exception {
        byte[] json = ("{\"personer\":[],\"x\":\"" + "a".repeat(12 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] jws = signer.sign(json);
        SignedAnswers answers = answers("991825827", signer.caPem(), true);
        var thread = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            long before = thread.getCurrentThreadAllocatedBytes();
            assertThat(answers.open(jws).evidence().jws()).hasSize(jws.length);
            least = Math.min(least, thread.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(least).as("bytes allocated").isLessThan(8L * jws.length);
    }

    @Test
    void theSignerIsJudgedAtTheTimeTheAnswerCame() throws Exception {
        String jws = new String(signer.sign(JSON), StandardCharsets.US_ASCII);
        SignedAnswers answers = answers("991825827", signer.caPem(), false);
        assertThat(answers.verify(jws, Instant.now())).isEqualTo(JSON);
        assertThatThrownBy(() -> answers.verify(jws, Instant.now().plusSeconds(2 * 365 * 86_400L)))
                .isInstanceOf(KrrException.SignatureInvalid.class).hasMessageContaining("does not validate");
    }

    /** The JDK's PKIX does not judge an anchor's own validity; openssl in verify.sh does, so an answer after it ends. */
    @Test
    void anAnswerThatCameAfterTheTrustAnchorExpired_isRefused() throws Exception {
        Instant now = Instant.now();
        KeyPair caKeys = ecKeys();
        X500Name caName = new X500Name("CN=KRR test root");
        X509Certificate ca = certificate(caName, caKeys.getPrivate(), caName, caKeys.getPublic(),
                new BasicConstraints(0), now.minusSeconds(2 * 86_400L)); // ended a day ago
        KeyPair signerKeys = ecKeys();
        X509Certificate signerCertificate = certificate(caName, caKeys.getPrivate(),
                new X500Name("CN=KRR, OID.2.5.4.97=NTRNO-991825827"), signerKeys.getPublic(),
                new BasicConstraints(false), now);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).x509CertChain(List.of(
                Base64.encode(signerCertificate.getEncoded()), Base64.encode(ca.getEncoded()))).build(),
                new Payload(JSON));
        jws.sign(new ECDSASigner((ECPrivateKey) signerKeys.getPrivate()));
        var answers = new SignedAnswers(List.of(ca), "991825827", true, Clock.systemUTC(), failures::incrementAndGet);
        assertThatThrownBy(() -> answers.open(jws.serialize().getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(KrrException.SignatureInvalid.class).hasMessageContaining("trust anchor");
        assertThat(failures).hasValue(1);
    }

    /** A CA re-issued with its key and name beside the old certificate: once the old one ends, the new one counts. */
    @Test
    void aRenewedTrustAnchor_countsAfterTheOldOneExpired() throws Exception {
        Instant now = Instant.now();
        KeyPair caKeys = ecKeys();
        X500Name caName = new X500Name("CN=KRR test root");
        X509Certificate old = certificate(caName, caKeys.getPrivate(), caName, caKeys.getPublic(),
                new BasicConstraints(0), now.minusSeconds(2 * 86_400L)); // ended a day ago
        X509Certificate renewed = certificate(caName, caKeys.getPrivate(), caName, caKeys.getPublic(),
                new BasicConstraints(0), now);
        KeyPair signerKeys = ecKeys();
        X509Certificate signerCertificate = certificate(caName, caKeys.getPrivate(),
                new X500Name("CN=KRR, OID.2.5.4.97=NTRNO-991825827"), signerKeys.getPublic(),
                new BasicConstraints(false), now);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).x509CertChain(List.of(
                Base64.encode(signerCertificate.getEncoded()))).build(), new Payload(JSON));
        jws.sign(new ECDSASigner((ECPrivateKey) signerKeys.getPrivate()));
        for (int i = 0; i < 20; i++) { // the JDK tries the anchors in no fixed order
            var answers = new SignedAnswers(i % 2 == 0 ? List.of(old, renewed) : List.of(renewed, old), "991825827",
                    true, Clock.systemUTC(), failures::incrementAndGet);
            assertThat(answers.open(jws.serialize().getBytes(StandardCharsets.US_ASCII)).payload()).isEqualTo(JSON);
        }
        assertThat(failures).hasValue(0);
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
