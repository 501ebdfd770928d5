// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;

/** Reads a {@code .txt} drop: one id per line; blank lines and lines starting with {@code #} are skipped. */
final class TextIdReader extends CharIdReader {

    TextIdReader(Reader reader) {
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
