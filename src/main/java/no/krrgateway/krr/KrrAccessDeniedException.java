// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import no.krrgateway.outcome.ErrorCode;

/** Thrown when KRR keeps refusing the token (401 after a fresh token, or 403): a configuration fault, not bad data. */
public class KrrAccessDeniedException extends KrrException {
    public KrrAccessDeniedException(int status, String message) {
        super(ErrorCode.KRR_ACCESS_DENIED, status, message, null);
    }
}
