// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;

/** Reads a {@code .txt} drop: one id per line; blank lines and lines starting with {@code #} are skipped. */
final class TextIdReader extends CharIdReader {

    /** More than any id needs; a longer line is kept this long, which is enough to report it as an invalid id. */
    static final int MAX_KEPT = 100;

    TextIdReader(Reader reader) {
        super(reader);
    }

    @Override
    protected String readLine(long line) throws IOException {
        StringBuilder text = new StringBuilder();
        int c = read();
        while (c != '\n' && c != END) {
            if (text.length() < MAX_KEPT) {
                text.append((char) c);
            }
            c = read();
        }
        String id = text.toString().strip();
        return id.isEmpty() || id.startsWith("#") ? null : id;
    }
}
