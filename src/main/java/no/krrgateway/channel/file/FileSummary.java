// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.outcome.RequestTally;

/** A file's {@link RequestTally} and its {@code NAME.summary.json}: every reason and error code listed, zeros too. */
final class FileSummary {

    /** The codes a file's outcome can carry; a malformed file is refused whole instead. */
    private static final List<ErrorCode> CODES = List.of(ErrorCode.INVALID_ID, ErrorCode.KRR_REJECTED);

    private FileSummary() {
    }

    /** The tally of the file {@code name}: request id {@code file:NAME}, no correlation id, the default org. */
    static RequestTally start(String name, Instant startedAt) {
        return new RequestTally(new RequestContext("file:" + name, null, new OutcomeSource.File(name, 0)), null,
                startedAt, CODES);
    }

    /** @return ids that were looked up, whatever KRR said: all but the invalid ones */
    static long validIds(RequestTally file) {
        return file.totals().ids() - file.counts().errors(ErrorCode.INVALID_ID);
    }

    static void requireValidIds(RequestTally file) {
        long ids = file.totals().ids();
        if (ids == 0) {
            throw new RejectedFileException(FileProblem.NO_IDS, "The file holds no ids: only blank lines, "
                    + "comments (#) or a header.");
        }
        if (validIds(file) == 0) {
            throw new RejectedFileException(FileProblem.NO_VALID_IDS, "None of the " + ids + " ids in "
                    + "the file is a valid person id (11 digits with matching check digits). Is this the right "
                    + "file or column?");
        }
    }

    static String toJson(RequestTally file, ObjectMapper mapper, Instant finishedAt) {
        ObjectNode node = mapper.createObjectNode();
        node.put("file", ((OutcomeSource.File) file.context().source()).file());
        node.put("requestId", file.context().requestId());
        file.counts().putTotals(node);
        node.put("errors", file.totals().errors());
        file.counts().putReasons(node.putObject("reasons"));
        file.counts().putErrorCodes(node.putObject("errorCodes"));
        node.put("startedAt", file.startedAt().toString());
        node.put("finishedAt", finishedAt.toString());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary as JSON", e);
        }
    }
}
