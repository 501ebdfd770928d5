// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import no.krrgateway.GatewayException;
import no.krrgateway.outcome.ErrorCode;

/** No token: the HTTP status (0 when none came) and Maskinporten's error fields, never the grant. */
public abstract sealed class TokenRequestException extends GatewayException {

    private final int status;
    private final String error;
    private final String mpCode;

    private TokenRequestException(ErrorCode code, int status, String error, String mpCode, String message,
                                  Throwable cause) {
        super(code, message, cause);
        this.status = status;
        this.error = error;
        this.mpCode = mpCode;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The MP-xxx code from {@code error_uri}, or null. */
    public String mpCode() {
        return mpCode;
    }

    /** Maskinporten refused the grant (4xx): a configuration fault that retrying cannot fix. */
    public static final class Rejected extends TokenRequestException {
        public Rejected(int status, String error, String mpCode, String message) {
            super(ErrorCode.TOKEN_REJECTED, status, error, mpCode, message, null);
        }
    }

    /** Maskinporten is down or slow (5xx, IO errors, timeouts) after the retries ran out. */
    public static non-sealed class Unavailable extends TokenRequestException {
        public Unavailable(int status, String message, Throwable cause) {
            super(ErrorCode.TOKEN_UNAVAILABLE, status, null, null, message, cause);
        }
    }
}
