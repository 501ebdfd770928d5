// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.UncheckedIOException;
import no.krrgateway.GatewayException;
import no.krrgateway.logging.PersonIdMasking;
import no.krrgateway.outcome.ErrorCode;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.RuntimeCamelException;
import org.apache.commons.lang3.exception.ExceptionUtils;

/** The detail (the message) never quotes person ids. */
public class RejectedFileException extends GatewayException {

    private final FileProblem problem;

    public RejectedFileException(FileProblem problem, String detail) {
        super(ErrorCode.MALFORMED_REQUEST, detail, null);
        this.problem = problem;
    }

    /** The class and message of what failed, under Camel's and the chunk iterator's wrappers; masked as a file name. */
    static String describe(Throwable failure) {
        Throwable cause = ExceptionUtils.getThrowableList(failure).stream().filter(t -> !(t instanceof
                CamelExchangeException || t instanceof RuntimeCamelException || t instanceof UncheckedIOException))
                .findFirst().orElse(ExceptionUtils.getRootCause(failure));
        return cause.getClass().getSimpleName() + ": " + PersonIdMasking.maskName(String.valueOf(cause.getMessage()));
    }

    public FileProblem problem() {
        return problem;
    }
}
