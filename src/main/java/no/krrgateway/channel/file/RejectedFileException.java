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

    /** The class and masked message of what failed, under Camel's and the chunk iterator's wrappers. */
    static String describe(Throwable failure) {
        Throwable cause = ExceptionUtils.getThrowableList(failure).stream().filter(t -> !(t instanceof
                CamelExchangeException || t instanceof RuntimeCamelException || t instanceof UncheckedIOException))
                .findFirst().orElse(ExceptionUtils.getRootCause(failure));
        return cause.getClass().getSimpleName() + ": " + PersonIdMasking.mask(String.valueOf(cause.getMessage()));
    }

    /** Given up after {@code attempts} failures, the last described by {@code why}. */
    static RejectedFileException processingFailed(int attempts, String why) {
        return new RejectedFileException(FileProblem.PROCESSING_FAILED, "The file could not be processed in "
                + attempts + " attempts (gateway.files.max-attempts); the last failure: " + why + ". Fix the cause "
                + "(the file's permissions, space in the outbox, ...) and drop the file again.");
    }

    public FileProblem problem() {
        return problem;
    }
}
