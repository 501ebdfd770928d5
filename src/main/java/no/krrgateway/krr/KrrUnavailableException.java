// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import no.krrgateway.outcome.ErrorCode;

/** Thrown when KRR is down, slow or overloaded (5xx, 429, timeout, refused connection) after the retries ran out. */
public class KrrUnavailableException extends KrrException {
    public KrrUnavailableException(int status, String message, Throwable cause) {
        super(ErrorCode.KRR_UNAVAILABLE, status, message, cause);
    }
}
