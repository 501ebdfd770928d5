// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;

/** The line-based formats (txt, csv): one id or none per line, CRLF and lone CR read as LF, lines counted from 1. */
abstract class CharIdReader implements IdReader {

    static final int END = -1;
    /** More than any id needs; a longer line or field is kept this long, enough to report it as an invalid id. */
    static final int MAX_KEPT = 100;

    private final Reader reader;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long line = 1;

    CharIdReader(Reader reader) {
        this.reader = reader;
    }

    @Override
    public final IdLine next() throws IOException {
        while (peek() != END) {
            long start = line;
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

    protected final int read() throws IOException {
        int c = raw();
        if (c == '\r') {
            if (peek() == '\n') {
                raw();
            }
            c = '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    /** CR is not turned into LF here. */
    protected final int peek() throws IOException {
        return fill() ? buffer[position] : END;
    }

    private int raw() throws IOException {
        return fill() ? buffer[position++] : END;
    }

    private boolean fill() throws IOException {
        while (position == limit) {
            int n = reader.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
        }
        return true;
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
            for (int c = read(); c != '\n' && c != END; c = read()) {
                append(text, c);
            }
            String id = text.toString().strip();
            return id.isEmpty() || id.startsWith("#") ? null : id;
        }
    }
}
