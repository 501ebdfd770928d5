// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** One id at a time, so that a file of any size is read in bounded memory. */
public interface IdReader extends Closeable {

    /** @return the next id, or null after the last */
    IdLine next() throws IOException;

    static IdReader open(InputStream in, InputFormat format) throws IOException {
        Utf8TextReader text = new Utf8TextReader(in);
        return switch (format) {
            case TXT -> new CharIdReader.Text(text);
            case CSV -> new CsvIdReader(text);
            case JSON -> new JsonIdReader(text);
        };
    }

    /** One id as the file wrote it (trimmed), with the line it starts on, counted from 1. */
    record IdLine(String id, long line) {
    }

    enum InputFormat {
        TXT, CSV, JSON;

        static Optional<InputFormat> of(String fileName) {
            int dot = fileName.lastIndexOf('.');
            String extension = dot < 0 ? "" : fileName.substring(dot + 1).toUpperCase(Locale.ROOT);
            return Arrays.stream(values()).filter(format -> format.name().equals(extension)).findFirst();
        }
    }
}
