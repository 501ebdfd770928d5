// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.Reader;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.request.RequestJson;
import org.apache.commons.lang3.StringUtils;

/** A {@code .json} drop; an element that is not a string or number becomes an empty, invalid id. */
final class JsonIdReader implements IdReader {

    private static final String FIELD = RequestJson.IDS;

    private final InputLimits limits;
    private final JsonParser parser;
    private final RequestJson request;
    private boolean started;
    private boolean finished;

    JsonIdReader(Reader reader, InputLimits limits) throws IOException {
        this.limits = limits;
        this.parser = limits.json().createParser(reader);
        this.request = new RequestJson(parser);
    }

    @Override
    public IdLine next() throws IOException {
        try {
            if (!started) {
                started = true;
                start();
            }
            String id = finished ? null : request.nextId();
            if (id != null) {
                // kept as short as a text file's line: enough to report it as an invalid id
                return new IdLine(StringUtils.left(id, CharIdReader.MAX_KEPT).strip(), request.idLine());
            }
            if (!finished) {
                finished = true;
                request.finish();
                if (parser.nextToken() != null) {
                    throw notJson("there is more after the end of the JSON value");
                }
            }
            return null;
        } catch (StreamConstraintsException e) {
            throw notJson(limits.jsonProblem(e));
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the file, and so a person id: say where, not what.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw notJson(e instanceof JsonEOFException || e.getOriginalMessage().startsWith("Unexpected end-of-input")
                    ? "the file ends before the JSON is complete" : "unexpected text" + where);
        }
    }

    private void start() throws IOException {
        JsonToken root = request.start();
        if (root == null) {
            throw notJson("there is no JSON value in it");
        }
        if (root == JsonToken.START_OBJECT && request.ids() != JsonToken.START_ARRAY) {
            throw new RejectedFileException(FileProblem.UNEXPECTED_JSON, request.ids() != null
                    ? "\"" + FIELD + "\" must be an array of ids." : "The JSON object has no \"" + FIELD
                    + "\" array of ids.");
        }
        if (root != JsonToken.START_ARRAY && root != JsonToken.START_OBJECT) {
            throw new RejectedFileException(FileProblem.UNEXPECTED_JSON, "The JSON must be an array of ids or an "
                    + "object with a \"" + FIELD + "\" array, like {\"" + FIELD + "\": [\"...\"]}.");
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static RejectedFileException notJson(String what) {
        return new RejectedFileException(FileProblem.NOT_JSON, "The file is not valid JSON: " + what + ".");
    }
}
