// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The §32 verdict on one person; a channel KRR did not return is empty. */
public record Verdict(boolean notifiable, List<VerdictReason> reasons, Optional<ChannelVerdict> email,
                      Optional<ChannelVerdict> mobile, Instant evaluatedAt) {

    public record ChannelVerdict(String address, boolean usable, Optional<Instant> lastConfirmed,
                                 Optional<Instant> usableUntil) {
    }

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

    /** Why a person is not (fully) notifiable; listed in a result in this declaration order (docs/contract.md §3). */
    public enum VerdictReason {
        RESERVED, NOT_ACTIVE, NOT_REGISTERED, NO_CONTACT_INFO, EMAIL_EXPIRED, MOBILE_EXPIRED
    }
}
