// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.X509CertChainUtils;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** No revocation check: KRR's CRL or OCSP is not reachable everywhere, and the evidence keeps the chain for later. */
public record SignedAnswers(List<X509Certificate> anchors, String signerOrg, boolean keep, Clock clock,
                            Runnable onFailure) {

    /** Never "none", HMAC or an unknown algorithm. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    /** {@code evidence} is null when answers are not kept. */
    public record Opened(byte[] payload, Evidence evidence) {
    }

    /**
     * @param enabled      ask KRR for {@code application/jose}, verify every answer before using it (docs/evidence.md)
     * @param trustAnchors PEM file of CA certificates a signer's {@code x5c} chain must lead to; required when enabled
     * @param signerOrg    org number the signer certificate must name (NTRNO-org or serialNumber); Digdir's by default
     * @param keep         publish each verified answer as evidence, its evidenceId on its outcomes; needs enabled
     */
    @Validated
    @ConfigurationProperties("gateway.krr.signed-answers")
    public record SignedAnswersProperties(
            @DefaultValue("false") boolean enabled,
            Path trustAnchors,
            @NotNull @Pattern(regexp = "\\d{9}", message = "must be a 9-digit organisation number")
            @DefaultValue("991825827") String signerOrg,
            @DefaultValue("false") boolean keep) {

        public static List<X509Certificate> readAnchors(Path pem) {
            try (InputStream in = Files.newInputStream(pem)) {
                List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                        .stream().map(X509Certificate.class::cast).toList();
                if (certificates.isEmpty()) {
                    throw new IllegalStateException("gateway.krr.signed-answers.trust-anchors: " + pem
                            + " holds no PEM certificate");
                }
                return certificates;
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException("gateway.krr.signed-answers.trust-anchors: cannot read certificates "
                        + "from " + pem + ": " + e.getMessage(), e);
            }
        }

        @AssertTrue(message = "gateway.krr.signed-answers.trust-anchors must name a PEM file of CA certificates when "
                + "gateway.krr.signed-answers.enabled is true")
        public boolean isTrustAnchorsGiven() {
            return !enabled || trustAnchors != null;
        }

        @AssertTrue(message = "gateway.krr.signed-answers.keep needs gateway.krr.signed-answers.enabled=true: only a "
                + "verified signed answer is evidence")
        public boolean isKeepOnlyWhenEnabled() {
            return !keep || enabled;
        }
    }

    /** {@code anchors}: never empty (SignedAnswersProperties.readAnchors); empty, every answer would be refused. */
    public SignedAnswers {
        anchors = List.copyOf(anchors);
    }

    public Opened open(byte[] body) {
        Instant at = clock.instant();
        // Whitespace around the JWS is no part of it: kept, it failed the auditor's procedures (docs/evidence/).
        String text = new String(body, StandardCharsets.US_ASCII).strip(); // one char per byte; kept, never copied
        byte[] jws = text.length() == body.length ? body : text.getBytes(StandardCharsets.US_ASCII);
        try {
            return new Opened(verify(text, at), keep ? new Evidence(Evidence.sha256Hex(jws), at, text) : null);
        } catch (KrrException.SignatureInvalid e) {
            onFailure.run();
            throw e;
        }
    }

    byte[] verify(String text, Instant at) {
        JWSObject jws;
        try {
            jws = JWSObject.parse(text);
        } catch (ParseException e) {
            throw invalid("the answer is not a compact JWS", null);
        }
        // nimbus skips junk in the signature, unsigned (junk elsewhere fails it); an auditor's decoder refuses it
        Base64URL signature = jws.getSignature();
        if (!signature.toString().equals(Base64URL.encode(signature.decode()).toString())) {
            throw invalid("the JWS signature is not unpadded base64url", null);
        }
        JWSAlgorithm algorithm = jws.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            throw invalid("signature algorithm " + algorithm + " is not RS, PS or ES", null);
        }
        List<Base64> x5c = jws.getHeader().getX509CertChain();
        if (x5c == null || x5c.isEmpty()) {
            throw invalid("the JWS header has no x5c certificate chain", null);
        }
        List<X509Certificate> chain;
        try {
            chain = X509CertChainUtils.parse(x5c);
        } catch (ParseException e) {
            throw invalid("an x5c entry is not an X.509 certificate", e);
        }
        X509Certificate signer = chain.get(0);
        validateChain(chain, at);
        String org = organisation(signer.getSubjectX500Principal());
        if (!signerOrg.equals(org)) {
            throw invalid("signed by organisation " + (org == null ? "(none named)" : org) + ", not " + signerOrg,
                    null);
        }
        boolean[] usage = signer.getKeyUsage(); // RFC 5280 §4.2.1.3: digitalSignature or nonRepudiation, when given
        if (usage != null && !usage[0] && !usage[1]) {
            throw invalid("the signer certificate's key usage allows no digital signature", null);
        }
        try {
            var verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), signer.getPublicKey());
            if (!jws.verify(verifier)) {
                throw invalid("the signature does not match the payload", null);
            }
        } catch (JOSEException e) {
            throw invalid("the signature cannot be checked with the signer's key: " + e.getMessage(), e);
        }
        return jws.getPayload().toBytes();
    }

    private void validateChain(List<X509Certificate> chain, Instant at) {
        List<X509Certificate> path = chain.stream().filter(c -> !anchors.contains(c)).toList();
        if (path.isEmpty()) {
            throw invalid("the answer is signed by a trust anchor itself, not by a signer certificate", null);
        }
        Date date = Date.from(at);
        try {
            // the JDK judges neither an anchor's dates nor its path length (optional in RFC 5280); verify.sh does both
            PKIXParameters parameters = new PKIXParameters(anchors.stream()
                    .filter(anchor -> !date.before(anchor.getNotBefore()) && !date.after(anchor.getNotAfter()))
                    .map(anchor -> new TrustAnchor(anchor, null)).collect(Collectors.toSet()));
            parameters.setDate(date);
            parameters.setRevocationEnabled(false);
            var result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            int pathLength = result.getTrustAnchor().getTrustedCert().getBasicConstraints();
            if (pathLength >= 0 && path.size() - 1 > pathLength) {
                throw invalid("the x5c chain has " + (path.size() - 1) + " CA certificates under the trust anchor; "
                        + "its path length allows " + pathLength, null);
            }
        } catch (GeneralSecurityException e) {
            throw invalid("the x5c chain does not validate to a trust anchor at " + at + ": " + e.getMessage(), e);
        }
    }

    /** The organisation number in a subject: {@code organizationIdentifier} NTRNO-nnn, else {@code serialNumber}. */
    public static String organisation(X500Principal subject) {
        String name = subject.getName(X500Principal.RFC2253,
                Map.of("2.5.4.97", "organizationIdentifier", "2.5.4.5", "serialNumber"));
        String identifier = null;
        String serial = null;
        try {
            for (Rdn rdn : new LdapName(name).getRdns()) {
                String value = String.valueOf(rdn.getValue());
                if (rdn.getType().equalsIgnoreCase("organizationIdentifier") && value.startsWith("NTRNO-")) {
                    identifier = value.substring("NTRNO-".length());
                } else if (rdn.getType().equalsIgnoreCase("serialNumber") && value.matches("\\d{9}")) {
                    serial = value;
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return identifier != null ? identifier : serial;
    }

    private static KrrException.SignatureInvalid invalid(String message, Throwable cause) {
        return new KrrException.SignatureInvalid(message, cause);
    }
}
