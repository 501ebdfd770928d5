// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import no.krrgateway.outcome.ErrorCode;

/**
 * Thrown when KRR (or a proxy in front of it) answers a 4xx that says nothing about the ids in the batch: 404 or 405
 * from a wrong URL, 413 from a proxy's body limit, and the like. A configuration fault: intake is held back and the
 * ids are never answered with it; halving the batch would only repeat the same answer some 2,000 times.
 */
public class KrrMisconfiguredException extends KrrException {
    public KrrMisconfiguredException(int status, String message) {
        super(ErrorCode.KRR_MISCONFIGURED, status, message, null);
    }
}
