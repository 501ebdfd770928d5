// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import no.krrgateway.outcome.ErrorCode;

/**
 * A KRR answer whose signature, certificate chain or signer failed verification (gateway.krr.signed-answers.*):
 * nothing in it is used, the call is not retried (the next lookup asks again), and intake is held back as for a
 * configuration fault. The message names what failed, never a person id.
 */
public class KrrSignatureInvalidException extends KrrException {
    public KrrSignatureInvalidException(String message, Throwable cause) {
        super(ErrorCode.KRR_SIGNATURE_INVALID, 200, "KRR's signed answer was refused: " + message, cause);
    }
}
