// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import java.util.stream.Stream;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The bearer token's client id: the configured claim, else {@code azp}, else the subject. */
public final class ApiCaller {

    private ApiCaller() {
    }

    /**
     * Read on the request's thread, where Spring Security put the caller's authentication; {@code anonymous} with
     * gateway.api.auth=none (the local run).
     */
    public static String clientId(String claim) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller instanceof JwtAuthenticationToken jwt) {
            return Stream.of(claim, "azp").map(jwt.getToken()::getClaimAsString)
                    .filter(value -> value != null && !value.isBlank()).findFirst().orElse(jwt.getName());
        }
        return caller == null || caller instanceof AnonymousAuthenticationToken ? "anonymous" : caller.getName();
    }
}
