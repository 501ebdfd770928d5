// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** KRR's digital-post encryption certificate at {@code at}; an unreadable one is unusable, never a failure. */
public record CertificateVerdict(Optional<Instant> notAfter, boolean usable) {

    public static CertificateVerdict judge(String base64Der, Instant at) {
        X509Certificate certificate;
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64Der);
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            return new CertificateVerdict(Optional.empty(), false);
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        boolean usable = !at.isBefore(certificate.getNotBefore().toInstant()) && !at.isAfter(notAfter);
        return new CertificateVerdict(Optional.of(notAfter), usable);
    }
}
