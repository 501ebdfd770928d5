// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import no.krrgateway.request.RequestJson;

/** One id at a time, so that a file of any size is read in bounded memory. */
public interface IdReader extends Closeable {

    /** @return the next id, or null after the last */
    IdLine next() throws IOException;

    static IdReader open(InputStream in, InputFormat format) throws IOException {
        Utf8Text text = new Utf8Text(in);
        return switch (format) {
            case TXT -> new CharIdReader.Text(text);
            case CSV -> new CharIdReader.Csv(text);
            case JSON -> new Json(text);
        };
    }

    /** One id as the file wrote it (trimmed), with the line it starts on, counted from 1. */
    record IdLine(String id, long line) {
    }

    enum InputFormat {
        TXT, CSV, JSON
    }

    /** Strict UTF-8: a binary file or another encoding is refused rather than turned into wrong ids. */
    final class Utf8Text extends Reader {

        private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        private final Reader in;
        private long line = 1;

        Utf8Text(InputStream in) throws IOException {
            PushbackInputStream bytes = new PushbackInputStream(in, BOM.length);
            byte[] head = bytes.readNBytes(BOM.length);
            if (!Arrays.equals(head, BOM)) {
                bytes.unread(head);
            }
            this.in = new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (CharacterCodingException e) {
                throw new RejectedFileException(FileProblem.NOT_UTF8, "The file is not UTF-8 text (the first byte that "
                        + "is not UTF-8 is near line " + line + "). Save it as UTF-8 and drop it again.");
            }
            for (int i = offset; i < offset + n; i++) {
                char c = buffer[i];
                if (c == '\n') {
                    line++;
                } else if (c == 0) {
                    throw new RejectedFileException(FileProblem.BINARY_FILE, "The file holds binary data (a NUL byte "
                            + "near line " + line + "), not text. Drop a .txt, .csv or .json file in UTF-8.");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A {@code .json} drop; an element that is not a string or number becomes an empty, invalid id. */
    final class Json implements IdReader {

        private static final String FIELD = RequestJson.IDS;
        private static final JsonFactory FACTORY = new JsonFactory();

        private final JsonParser parser;
        private final RequestJson request;
        private boolean started;
        private boolean finished;

        Json(Reader reader) throws IOException {
            this.parser = FACTORY.createParser(reader);
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
                    return new IdLine(id.strip(), request.idLine());
                }
                if (!finished) {
                    finished = true;
                    request.finish();
                    if (parser.nextToken() != null) {
                        throw notJson("there is more after the end of the JSON value");
                    }
                }
                return null;
            } catch (JsonProcessingException e) {
                // The parser's own message may quote the file, and so a person id: say where, not what.
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
                throw notJson(e instanceof JsonEOFException
                        || e.getOriginalMessage().startsWith("Unexpected end-of-input")
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
}
