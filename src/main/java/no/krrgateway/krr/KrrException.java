// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import java.net.URI;
import no.krrgateway.GatewayException;
import no.krrgateway.config.Redact;
import no.krrgateway.outcome.ErrorCode;

/** A KRR call that did not give an answer; {@code status} is the HTTP status, or 0 when none came. */
public abstract sealed class KrrException extends GatewayException {

    private final int status;

    private KrrException(ErrorCode code, int status, String message, Throwable cause) {
        super(code, message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** KRR down, slow or overloaded (5xx, 429, timeout, refused) after the retries, or the circuit open (status 0). */
    public static non-sealed class Unavailable extends KrrException {

        /** Route krr-call's {@code throwException} uses this form. */
        public Unavailable(String message) {
            this(0, message, null);
        }

        public Unavailable(int status, String message, Throwable cause) {
            super(ErrorCode.KRR_UNAVAILABLE, status, message, cause);
        }
    }

    /** KRR answered 400 or 422 for a batch: something in it is refused, and retrying it whole cannot help. */
    public static final class Rejected extends KrrException {
        public Rejected(int status) {
            super(ErrorCode.KRR_REJECTED, status, "KRR rejected the batch with HTTP " + status, null);
        }
    }

    /** KRR keeps refusing the token (401 after a fresh token, or 403): a configuration fault, not bad data. */
    public static final class AccessDenied extends KrrException {
        public AccessDenied(int status) {
            super(ErrorCode.KRR_ACCESS_DENIED, status, "KRR refused the token with HTTP " + status
                    + ": check the client's scopes and KRR access", null);
        }
    }

    /** A 4xx not about the ids (404/405: wrong URL, 413: a proxy limit): intake is held back, the batch not halved. */
    public static final class Misconfigured extends KrrException {
        public Misconfigured(int status, URI at) {
            super(ErrorCode.KRR_MISCONFIGURED, status, "KRR answered HTTP " + status + " at " + Redact.url(at)
                    + ", which says nothing about the ids sent: check gateway.krr.base-url and any proxy on the way "
                    + "(intake is held back until it answers)", null);
        }
    }

    /** Nothing in it is used, no retry; intake is held back as for misconfiguration. Its message never names an id. */
    public static final class SignatureInvalid extends KrrException {
        public SignatureInvalid(String message, Throwable cause) {
            super(ErrorCode.KRR_SIGNATURE_INVALID, 200, "KRR's signed answer was refused: " + message, cause);
        }
    }
}
