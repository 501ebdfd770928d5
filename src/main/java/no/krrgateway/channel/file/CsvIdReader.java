// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** A {@code .csv} drop (RFC 4180): the column headed {@code personidentifikator}, else the first. */
final class CsvIdReader extends CharIdReader {

    static final String HEADER = "personidentifikator";
    /** Fields kept per row until the id column is known. */
    private static final int MAX_FIELDS = 1000;

    private int delimiter = END;
    private int column = -1;

    CsvIdReader(Reader reader) {
        super(reader);
    }

    @Override
    protected String readLine(long line) throws IOException {
        List<String> row = row(line);
        if (row.stream().allMatch(String::isBlank)) {
            return null;
        }
        if (column < 0) {
            column = IntStream.range(0, row.size()).filter(i -> row.get(i).strip().equalsIgnoreCase(HEADER))
                    .findFirst().orElse(-1);
            if (column >= 0) {
                return null;
            }
            column = 0;
        }
        return column < row.size() ? row.get(column).strip() : "";
    }

    private List<String> row(long line) throws IOException {
        int c = read();
        if (c == '#') {
            while (c != '\n' && c != END) {
                c = read();
            }
            return List.of();
        }
        int keep = column < 0 ? MAX_FIELDS : column + 1;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        for (;; c = read()) {
            if (quoted && c == END) {
                throw new RejectedFileException(FileProblem.BAD_CSV, "A quoted field that starts on line " + line
                        + " is never closed: every \" must be matched by another.");
            }
            if (quoted && c == '"' && peek() == '"') {
                read();
                append(field, '"');
            } else if (c == '"' && (quoted || fieldStart)) {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == END)) {
                keep(fields, field, keep);
                return fields;
            } else if (!quoted && (c == delimiter || (delimiter == END && (c == ';' || c == ',')))) {
                delimiter = c;
                keep(fields, field, keep);
                field.setLength(0);
            } else {
                append(field, c);
            }
            // a quote opens a field only as its first character; '"' is never the delimiter
            fieldStart = !quoted && c == delimiter;
        }
    }

    private static void keep(List<String> fields, StringBuilder field, int keep) {
        if (fields.size() < keep) {
            fields.add(field.toString());
        }
    }
}
