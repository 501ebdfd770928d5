// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import java.time.Instant;

/** A Maskinporten access token and when it runs out; {@link #toString()} never shows the token. */
public record AccessToken(String value, Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
