// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;

/** An {@link IdReader} for the line-based formats (txt, csv): they read the text one character at a time. */
abstract class CharIdReader implements IdReader {

    private final Reader reader;
    protected final CharCursor in;

    CharIdReader(Reader reader) {
        this.reader = reader;
        this.in = new CharCursor(reader);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
