// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

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

    /** A {@code .csv} drop (RFC 4180): the column headed {@code personidentifikator}, else the first. */
    static final class Csv extends CharIdReader {

        static final String HEADER = "personidentifikator";
        /** Fields kept per row until the id column is known. */
        private static final int MAX_FIELDS = 1000;

        private int delimiter = END;
        private int column = -1;

        Csv(Reader reader) {
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
}
