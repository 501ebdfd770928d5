// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten.error;

import no.krrgateway.GatewayException;
import no.krrgateway.outcome.ErrorCode;

/**
 * A token request that gave no token; carries the HTTP status (0 when none came) and Maskinporten's error fields,
 * never the grant.
 */
public abstract class TokenRequestException extends GatewayException {

    private final int status;
    private final String error;
    private final String mpCode;

    protected TokenRequestException(ErrorCode code, int status, String error, String mpCode, String message,
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
}
