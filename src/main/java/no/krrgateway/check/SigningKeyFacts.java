// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import no.krrgateway.maskinporten.SigningKey;

/** What {@code check} says about the grant signing key; never any key material. */
final class SigningKeyFacts {

    /** Norwegian business certificates carry the organisation number as serialNumber or organizationIdentifier. */
    private static final Map<String, String> NAMES = Map.of("2.5.4.5", "SERIALNUMBER",
            "2.5.4.97", "ORGANIZATIONIDENTIFIER");
    private static final Pattern ORG_NUMBER =
            Pattern.compile("(?:ORGANIZATIONIDENTIFIER=NTRNO-|SERIALNUMBER=)(\\d{9})(?:[,+]|$)");

    private SigningKeyFacts() {
    }

    static String describe(SigningKey key, Clock clock) {
        String daysLeft = key.notAfter() == null ? "no expiry in the file"
                : Duration.between(clock.instant(), key.notAfter()).toDays() + " days left (until " + key.notAfter()
                + ")";
        if (key.keyId() != null) {
            return "JWK with kid " + key.keyId() + ", " + daysLeft
                    + " (Maskinporten keeps a registered key for a year from upload)";
        }
        String subject = subject(key.certificateChain().get(0).decode());
        return "certificate " + subject + ", organisation number " + organisationNumber(subject) + ", " + daysLeft;
    }

    static String subject(byte[] der) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253, NAMES);
        } catch (CertificateException e) {
            throw new IllegalStateException("the keystore's certificate cannot be read", e);
        }
    }

    /** The nine digits of a business certificate's organisation number, or "none in the subject". */
    static String organisationNumber(String subject) {
        Matcher matcher = ORG_NUMBER.matcher(subject);
        return matcher.find() ? matcher.group(1) : "none in the subject (not a business certificate)";
    }
}
