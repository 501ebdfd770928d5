// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import no.krrgateway.outcome.ErrorCode;

/** Thrown when KRR answers 4xx (other than 401/403) for a batch: retrying the same batch cannot fix it. */
public class KrrRejectedException extends KrrException {
    public KrrRejectedException(int status, String message) {
        super(ErrorCode.KRR_REJECTED, status, message, null);
    }
}
