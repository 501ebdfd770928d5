// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import no.krrgateway.GatewayException;
import no.krrgateway.outcome.ErrorCode;

/** The detail never quotes person ids. */
public class RejectedFileException extends GatewayException {

    private final FileProblem problem;
    private final int attempts;

    public RejectedFileException(FileProblem problem, String detail) {
        this(problem, detail, 0);
    }

    /** A file given up after {@code attempts} failed attempts. */
    RejectedFileException(FileProblem problem, String detail, int attempts) {
        super(ErrorCode.MALFORMED_REQUEST, detail, null);
        this.problem = problem;
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }

    public FileProblem problem() {
        return problem;
    }

    public String detail() {
        return getMessage();
    }
}
