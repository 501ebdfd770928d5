// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;

/** An {@link IdReader} for the line-based formats (txt, csv): one id or none per line. */
abstract class CharIdReader implements IdReader {

    private final Reader reader;
    protected final CharCursor in;

    CharIdReader(Reader reader) {
        this.reader = reader;
        this.in = new CharCursor(reader);
    }

    @Override
    public final IdLine next() throws IOException {
        while (in.peek() != CharCursor.END) {
            long line = in.line();
            String id = readLine(line);
            if (id != null) {
                return new IdLine(id, line);
            }
        }
        return null;
    }

    protected abstract String readLine(long line) throws IOException;

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
