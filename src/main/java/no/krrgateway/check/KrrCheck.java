// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrException;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.maskinporten.TokenRequestException;

final class KrrCheck {

    private static final String NAME = "krr";
    static final String TRUST_ANCHORS = "krr trust anchors";
    /** Under this, the line still passes but says to renew: the alert rule warns at the same horizon. */
    static final Duration RENEW_WITHIN = Duration.ofDays(30);

    private KrrCheck() {
    }

    /** The only person id {@code check} prints. */
    static CheckLine lookup(KrrClient client, KrrProperties krr, PersonIdValidator validator, String configured) {
        String testPerson = configured == null ? "" : configured.trim();
        if (testPerson.isEmpty()) {
            return CheckLine.fail(NAME, "no test person to look up: set gateway.check.test-person (in Digdir's test "
                    + "environment one of its synthetic test persons)");
        }
        Optional<String> invalid = validator.problem(testPerson);
        if (invalid.isPresent()) {
            return CheckLine.fail(NAME, "gateway.check.test-person " + testPerson + " is not a valid person id ("
                    + invalid.get() + "); synthetic ids need gateway.validation.allow-synthetic=true");
        }
        try {
            KrrPerson person = client.lookup(new KrrBatch(List.of(testPerson), null)).persons().get(testPerson);
            String what = person == null ? "not in KRR" : "status " + person.statusText() + ", reservation "
                    + person.reservationText();
            return CheckLine.ok(NAME, krr.baseUrl() + " answered a lookup of test person " + testPerson + ": " + what);
        } catch (KrrException.AccessDenied e) {
            return CheckLine.fail(NAME, "KRR refused the token (HTTP " + e.status() + "): the client lacks a KRR "
                    + "scope or the organisation has no KRR access; check gateway.maskinporten.scopes and the "
                    + "client's scopes in Samarbeidsportalen");
        } catch (KrrException.Rejected e) {
            return CheckLine.fail(NAME, "KRR refused the lookup of test person " + testPerson + " (HTTP "
                    + e.status() + "): choose another gateway.check.test-person");
        } catch (KrrException e) {
            String message = e.getMessage();
            return CheckLine.fail(NAME, message.contains("gateway.krr.base-url") ? message
                    : message + ": check gateway.krr.base-url (" + krr.baseUrl() + ") and that KRR is reachable");
        } catch (TokenRequestException e) {
            return CheckLine.fail(NAME, "not tried: no Maskinporten token (see the token lines)");
        }
    }

    /** The first anchor's expiry, since every answer chained to it is refused from then on. */
    static CheckLine trustAnchors(SignedAnswersProperties signedAnswers, Clock clock) {
        if (!signedAnswers.enabled()) {
            return CheckLine.skip(TRUST_ANCHORS, "signed answers are off (gateway.krr.signed-answers.enabled)");
        }
        X509Certificate first;
        try {
            first = SignedAnswersProperties.readAnchors(signedAnswers.trustAnchors()).stream()
                    .min(Comparator.comparing(X509Certificate::getNotAfter)).orElseThrow();
        } catch (IllegalStateException e) {
            // the message names the property and the file, never a secret
            return CheckLine.fail(TRUST_ANCHORS, e.getMessage());
        }
        Instant expiry = first.getNotAfter().toInstant();
        long daysLeft = Duration.between(clock.instant(), expiry).toDays();
        String which = first.getSubjectX500Principal().getName() + " expires " + expiry;
        if (!expiry.isAfter(clock.instant())) {
            return CheckLine.fail(TRUST_ANCHORS, which + ": every answer chained to it is refused; put KRR's current "
                    + "CA in gateway.krr.signed-answers.trust-anchors");
        }
        return CheckLine.ok(TRUST_ANCHORS, which + " (" + daysLeft + " days left"
                + (daysLeft < RENEW_WITHIN.toDays() ? ": renew gateway.krr.signed-answers.trust-anchors soon" : "")
                + ")");
    }
}
