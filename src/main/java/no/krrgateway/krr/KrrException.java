// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import no.krrgateway.GatewayException;
import no.krrgateway.outcome.ErrorCode;

/** A KRR call that did not give an answer; {@code status} is the HTTP status, or 0 when none came. */
public abstract class KrrException extends GatewayException {

    private final int status;

    protected KrrException(ErrorCode code, int status, String message, Throwable cause) {
        super(code, message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
