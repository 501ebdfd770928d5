// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** One id at a time, so that a file of any size is read in bounded memory. */
public interface IdReader extends Closeable {

    /** @return the next id, or null after the last */
    IdLine next() throws IOException;

    static IdReader open(InputStream in, InputFormat format) throws IOException {
        Utf8TextReader text = new Utf8TextReader(in);
        return switch (format) {
            case TXT -> new TextIdReader(text);
            case CSV -> new CsvIdReader(text);
            case JSON -> new JsonIdReader(text);
        };
    }
}
