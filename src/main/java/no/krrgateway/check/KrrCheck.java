// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrException;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.maskinporten.TokenRequestException;

/** One KRR lookup of the configured test person, the only person id {@code check} prints. */
final class KrrCheck {

    private static final String NAME = "krr";

    private KrrCheck() {
    }

    static CheckLine lookup(KrrClient client, KrrProperties krr, PersonIdValidator validator, CheckProperties check) {
        String testPerson = check.testPerson() == null ? "" : check.testPerson().trim();
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
            Map<String, KrrPerson> answer = client.lookup(List.of(testPerson));
            KrrPerson person = answer.get(testPerson);
            String what = person == null ? "not in KRR" : "status " + person.statusText() + ", reservation "
                    + person.reservationText();
            return CheckLine.ok(NAME, krr.baseUrl() + " answered a lookup of test person " + testPerson + ": "
                    + what);
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
}
