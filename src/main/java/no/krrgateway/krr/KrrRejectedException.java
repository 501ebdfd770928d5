// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import no.krrgateway.outcome.ErrorCode;

/** Thrown when KRR answers 400 or 422 for a batch: something in it is refused, and retrying it whole cannot help. */
public class KrrRejectedException extends KrrException {
    public KrrRejectedException(int status, String message) {
        super(ErrorCode.KRR_REJECTED, status, message, null);
    }
}
