// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import no.krrgateway.GatewayException;
import no.krrgateway.outcome.ErrorCode;

/**
 * Thrown when a dropped file cannot be read as a list of ids; the file then moves to the error folder with its
 * problem and a sentence for the operator who dropped it. The detail never quotes person ids.
 */
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

    /** Failed attempts before the file was given up; 0 for a file refused at once. */
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
