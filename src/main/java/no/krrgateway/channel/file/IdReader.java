// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

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
import no.krrgateway.limits.InputLimits;

/** One id at a time, so that a file of any size is read in bounded memory. */
public interface IdReader extends Closeable {

    /** @return the next id, or null after the last */
    IdLine next() throws IOException;

    static IdReader open(InputStream in, InputFormat format, InputLimits limits) throws IOException {
        Utf8Text text = new Utf8Text(in);
        return switch (format) {
            case TXT -> new CharIdReader.Text(text);
            case CSV -> new CharIdReader.Csv(text);
            case JSON -> new JsonIdReader(text, limits);
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
}
