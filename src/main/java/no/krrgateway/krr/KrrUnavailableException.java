// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import no.krrgateway.outcome.ErrorCode;

/**
 * Thrown when KRR is down, slow or overloaded (5xx, 429, timeout, refused connection) after the retries ran out, and
 * when the KRR circuit is open (route krr-call: no call is made, status 0).
 */
public class KrrUnavailableException extends KrrException {

    /** No answer from KRR (status 0): the form route krr-call's {@code throwException} uses. */
    public KrrUnavailableException(String message) {
        this(0, message, null);
    }

    public KrrUnavailableException(int status, String message, Throwable cause) {
        super(ErrorCode.KRR_UNAVAILABLE, status, message, cause);
    }
}
