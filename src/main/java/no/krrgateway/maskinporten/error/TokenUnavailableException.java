// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten.error;

import no.krrgateway.outcome.ErrorCode;

/** Thrown when Maskinporten is down or slow (5xx, IO errors, timeouts) after the retries ran out. */
public class TokenUnavailableException extends TokenRequestException {
    public TokenUnavailableException(int status, String message, Throwable cause) {
        super(ErrorCode.TOKEN_UNAVAILABLE, status, null, null, message, cause);
    }
}
