// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.LineNumberReader;
import java.io.Reader;

/** The line-based formats (txt, csv): one id or none per line, CRLF and lone CR read as LF, lines counted from 1. */
abstract class CharIdReader implements IdReader {

    static final int END = -1;
    /** More than any id needs; a longer line or field is kept this long, enough to report it as an invalid id. */
    static final int MAX_KEPT = 100;

    /** read() turns CRLF and lone CR into LF. */
    protected final LineNumberReader reader;

    CharIdReader(Reader reader) {
        this.reader = new LineNumberReader(reader, 8192);
    }

    @Override
    public final IdLine next() throws IOException {
        while (peek() != END) {
            long start = reader.getLineNumber() + 1L;
            String id = readLine(start);
            if (id != null) {
                return new IdLine(id, start);
            }
        }
        return null;
    }

    protected abstract String readLine(long line) throws IOException;

    protected static void append(StringBuilder text, int c) {
        if (text.length() < MAX_KEPT) {
            text.append((char) c);
        }
    }

    protected final int peek() throws IOException {
        reader.mark(1);
        int c = reader.read();
        reader.reset();
        return c;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    static final class Text extends CharIdReader {

        Text(Reader reader) {
            super(reader);
        }

        @Override
        protected String readLine(long line) throws IOException {
            StringBuilder text = new StringBuilder();
            for (int c = reader.read(); c != '\n' && c != END; c = reader.read()) {
                append(text, c);
            }
            String id = text.toString().strip();
            return id.isEmpty() || id.startsWith("#") ? null : id;
        }
    }
}
