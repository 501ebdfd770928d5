// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import no.krrgateway.GatewayException;
import no.krrgateway.outcome.ErrorCode;

/** The detail (the message) never quotes person ids. */
public class RejectedFileException extends GatewayException {

    private final FileProblem problem;

    public RejectedFileException(FileProblem problem, String detail) {
        super(ErrorCode.MALFORMED_REQUEST, detail, null);
        this.problem = problem;
    }

    public FileProblem problem() {
        return problem;
    }
}
