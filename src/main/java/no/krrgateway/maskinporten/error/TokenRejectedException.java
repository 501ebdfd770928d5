// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten.error;

import no.krrgateway.outcome.ErrorCode;

/** Thrown when Maskinporten refuses the grant (4xx): a configuration fault that retrying cannot fix. */
public class TokenRejectedException extends TokenRequestException {
    public TokenRejectedException(int status, String error, String mpCode, String message) {
        super(ErrorCode.TOKEN_REJECTED, status, error, mpCode, message, null);
    }
}
