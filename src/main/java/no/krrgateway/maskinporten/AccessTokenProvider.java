// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import java.time.Instant;

/** Hands out a valid token for KRR calls; a token KRR refused can be dropped so the next call gets a fresh one. */
public interface AccessTokenProvider {

    /** A token on behalf of the customer {@code consumerOrg} (Maskinporten's consumer_org); null: the gateway's own. */
    AccessToken token(String consumerOrg);

    default AccessToken token() {
        return token(null);
    }

    void invalidate(AccessToken refused);

    /** A Maskinporten access token and when it runs out; {@link #toString()} never shows the token. */
    record AccessToken(String value, Instant issuedAt, Instant expiresAt) {

        @Override
        public String toString() {
            return "AccessToken[expiresAt=" + expiresAt + "]";
        }
    }
}
