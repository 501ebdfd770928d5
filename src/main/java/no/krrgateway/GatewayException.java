// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import no.krrgateway.outcome.ErrorCode;

/** Base of the gateway's own failures: each carries a code that health, metrics and error records can use. */
public abstract class GatewayException extends RuntimeException {

    private final ErrorCode code;

    protected GatewayException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
