// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The bearer token's client id: the configured claim, else {@code azp}, else the subject. */
public final class ApiCaller {

    /** The caller when {@code gateway.api.auth=none} (the local run). */
    public static final String ANONYMOUS = "anonymous";

    private ApiCaller() {
    }

    /** Read on the request's thread, where Spring Security put the caller's authentication. */
    public static String clientId(String claim) {
        return clientId(SecurityContextHolder.getContext().getAuthentication(), claim);
    }

    static String clientId(Authentication caller, String claim) {
        if (caller instanceof JwtAuthenticationToken jwt) {
            for (String name : new String[] {claim, "azp"}) {
                String value = jwt.getToken().getClaimAsString(name);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return jwt.getName();
        }
        return caller == null || caller instanceof AnonymousAuthenticationToken ? ANONYMOUS : caller.getName();
    }
}
