// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;

/**
 * An {@link IdReader} for the line-based formats (txt, csv): one id or none per line, read one character at a time
 * with CRLF and lone CR turned into LF, lines counted from 1.
 */
abstract class CharIdReader implements IdReader {

    static final int END = -1;

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

    /** @return the next character without reading it; CR is not turned into LF here */
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
}
