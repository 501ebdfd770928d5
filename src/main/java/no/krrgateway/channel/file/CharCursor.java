// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;

/** Reads text one character at a time with CRLF and lone CR turned into LF, counting lines from 1. */
final class CharCursor {

    static final int END = -1;

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long line = 1;

    CharCursor(Reader in) {
        this.in = in;
    }

    long line() {
        return line;
    }

    int read() throws IOException {
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
    int peek() throws IOException {
        return fill() ? buffer[position] : END;
    }

    private int raw() throws IOException {
        return fill() ? buffer[position++] : END;
    }

    private boolean fill() throws IOException {
        while (position == limit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
        }
        return true;
    }
}
