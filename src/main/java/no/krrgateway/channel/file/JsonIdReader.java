// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads a {@code .json} drop as a stream: {@code {"personidentifikatorer": [...]}} (other fields ignored) or a bare
 * array of ids. An element that is not a string or number becomes an empty id, reported as an invalid id.
 */
final class JsonIdReader implements IdReader {

    static final String FIELD = "personidentifikatorer";
    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonParser parser;
    private boolean started;
    private boolean insideObject;
    private boolean finished;

    JsonIdReader(Reader reader) throws IOException {
        this.parser = FACTORY.createParser(reader);
    }

    @Override
    public IdLine next() throws IOException {
        try {
            if (!started) {
                started = true;
                start();
            }
            if (finished) {
                return null;
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                finish();
                return null;
            }
            if (token == null) {
                throw new JsonIdException("the file ends inside the list of ids");
            }
            long line = parser.currentTokenLocation().getLineNr();
            if (token.isStructStart()) {
                parser.skipChildren();
                return new IdLine("", line);
            }
            return new IdLine(token == JsonToken.VALUE_NULL ? "" : parser.getText().strip(), line);
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the file, and so a person id: say where, not what.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String what = e instanceof JsonIdException ? e.getOriginalMessage()
                    : e instanceof JsonEOFException || e.getOriginalMessage().startsWith("Unexpected end-of-input")
                    ? "the file ends before the JSON is complete"
                    : "unexpected text" + where;
            throw new RejectedFileException(FileProblem.NOT_JSON, "The file is not valid JSON: " + what + ".");
        }
    }

    private void start() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new JsonIdException("there is no JSON value in it");
        }
        if (token == JsonToken.START_ARRAY) {
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            throw unexpected();
        }
        insideObject = true;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            if (FIELD.equals(name)) {
                if (value != JsonToken.START_ARRAY) {
                    throw new RejectedFileException(FileProblem.UNEXPECTED_JSON,
                            "\"" + FIELD + "\" must be an array of ids.");
                }
                return;
            }
            parser.skipChildren();
        }
        throw new RejectedFileException(FileProblem.UNEXPECTED_JSON,
                "The JSON object has no \"" + FIELD + "\" array of ids.");
    }

    /** Reads past the end of the ids to check that the rest of the file is JSON too. */
    private void finish() throws IOException {
        finished = true;
        if (insideObject) {
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                parser.nextToken();
                parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw new JsonIdException("there is more after the end of the JSON value");
        }
    }

    private static RejectedFileException unexpected() {
        return new RejectedFileException(FileProblem.UNEXPECTED_JSON, "The JSON must be an array of ids or an "
                + "object with a \"" + FIELD + "\" array, like {\"" + FIELD + "\": [\"...\"]}.");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** A structural problem found by this reader rather than by the parser. */
    private static final class JsonIdException extends JsonProcessingException {
        JsonIdException(String message) {
            super(message);
        }
    }
}
