// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

/** Thrown when the simulated Maskinporten refuses a grant; carries the OAuth error and Maskinporten's MP code. */
public class GrantRejectedException extends RuntimeException {

    private final String error;
    private final String code;

    public GrantRejectedException(String error, String code, String description) {
        super(description);
        this.error = error;
        this.code = code;
    }

    static GrantRejectedException invalidGrant(String code, String description) {
        return new GrantRejectedException("invalid_grant", code, description);
    }

    static GrantRejectedException invalidRequest(String description) {
        return new GrantRejectedException("invalid_request", "MP-011", description);
    }

    public String error() {
        return error;
    }

    /** Maskinporten's code, such as {@code MP-100}; the last part of {@code error_uri}. */
    public String code() {
        return code;
    }
}
