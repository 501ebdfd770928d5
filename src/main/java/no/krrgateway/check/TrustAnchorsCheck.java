// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import no.krrgateway.krr.SignedAnswersProperties;

/** Readable trust anchors and the first one's expiry, since every answer chained to it is refused from then on. */
final class TrustAnchorsCheck {

    static final String NAME = "krr trust anchors";
    /** Under this, the line still passes but says to renew: the alert rule warns at the same horizon. */
    static final Duration RENEW_WITHIN = Duration.ofDays(30);

    private TrustAnchorsCheck() {
    }

    static CheckLine run(SignedAnswersProperties signedAnswers, Clock clock) {
        if (!signedAnswers.enabled()) {
            return CheckLine.skip(NAME, "signed answers are off (gateway.krr.signed-answers.enabled)");
        }
        X509Certificate first;
        try {
            first = SignedAnswersProperties.readAnchors(signedAnswers.trustAnchors()).stream()
                    .min(Comparator.comparing(X509Certificate::getNotAfter)).orElseThrow();
        } catch (IllegalStateException e) {
            // the message names the property and the file, never a secret
            return CheckLine.fail(NAME, e.getMessage());
        }
        Instant expiry = first.getNotAfter().toInstant();
        long daysLeft = Duration.between(clock.instant(), expiry).toDays();
        String which = first.getSubjectX500Principal().getName() + " expires " + expiry;
        if (!expiry.isAfter(clock.instant())) {
            return CheckLine.fail(NAME, which + ": every answer chained to it is refused; put KRR's current CA in "
                    + "gateway.krr.signed-answers.trust-anchors");
        }
        return CheckLine.ok(NAME, which + " (" + daysLeft + " days left"
                + (daysLeft < RENEW_WITHIN.toDays() ? ": renew gateway.krr.signed-answers.trust-anchors soon" : "")
                + ")");
    }
}
