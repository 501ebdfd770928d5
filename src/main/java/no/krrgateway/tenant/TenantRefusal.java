// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import java.time.Instant;
import no.krrgateway.krr.KrrException;
import no.krrgateway.maskinporten.TokenRequestException;

/** {@code code}: Maskinporten's error and MP code or {@code HTTP 403}; {@code attempt}: failed tries so far. */
public record TenantRefusal(String org, By by, String code, Instant since, int attempt, Instant nextTry) {

    public enum By { MASKINPORTEN, KRR }

    String outcomeMessage() {
        return by == By.MASKINPORTEN
                ? "Maskinporten refused the grant for this consumerOrg (" + code + "); nothing was looked up"
                : "KRR refused this consumerOrg's token (" + code + "); nothing was looked up";
    }

    /** Codes only, never a description. */
    static String code(Exception failure) {
        if (failure instanceof TokenRequestException.Rejected rejected) {
            String error = rejected.error() != null && rejected.error().matches("[A-Za-z_]{1,64}")
                    ? rejected.error() : "HTTP " + rejected.status();
            return rejected.mpCode() != null ? error + " " + rejected.mpCode() : error;
        }
        return failure instanceof KrrException.AccessDenied denied ? "HTTP " + denied.status() : "refused";
    }

    /** Route krr-halving answers its ids CONSUMER_ORG_REJECTED; no GatewayException, so it holds nobody else back. */
    public static class Rejected extends RuntimeException {

        public Rejected(String outcomeMessage) {
            super(outcomeMessage, null, false, false);
        }
    }
}
