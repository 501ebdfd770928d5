// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.io.Reader;

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
            c = peek() == '\n' ? raw() : '\n';
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
        while (position == limit) { // after the end, limit stays -1
            limit = reader.read(buffer, 0, buffer.length);
            position = 0;
        }
        return position < limit;
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

        private int delimiter = END;
        /** The id column (-1 until a header names it); the header's fields, empty ones too (-1: unread). */
        private int column = -1;
        private int width = -1;
        /** The row being read: its fields so far, up to its last filled one, and its id (the only one kept). */
        private int fields;
        private int filled;
        private String id;

        Csv(Reader reader) {
            super(reader);
        }

        @Override
        protected String readLine(long line) throws IOException {
            row(line);
            if (filled == 0 || width < 0 && column >= 0) {
                width = filled == 0 ? width : fields;
                return null; // blank, a comment or the header
            }
            width = width < 0 ? Integer.MAX_VALUE : width; // no header
            if (filled > width) {
                throw new RejectedFileException(FileProblem.BAD_CSV, "The row on line " + line + " has more fields "
                        + "than the header: quote each field that holds the delimiter.");
            }
            return id;
        }

        private void row(long line) throws IOException {
            fields = filled = 0;
            id = "";
            int c = read();
            boolean comment = c == '#';
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            for (;; c = read()) {
                if (comment && c != '\n' && c != END) {
                    continue;
                }
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
                    end(field, line);
                    return;
                } else if (!quoted && (c == delimiter || (delimiter == END && (c == ';' || c == ',')))) {
                    delimiter = c;
                    end(field, line);
                } else {
                    append(field, c);
                }
                // a quote opens a field only as its first character; '"' is never the delimiter
                fieldStart = !quoted && c == delimiter;
            }
        }

        private void end(StringBuilder field, long line) {
            String value = field.toString().strip();
            field.setLength(0);
            if (width < 0 && value.equalsIgnoreCase(HEADER)) {
                if (column >= 0) {
                    throw new RejectedFileException(FileProblem.BAD_CSV, "The header on line " + line + " names "
                            + HEADER + " twice: keep one such column.");
                }
                column = fields;
            }
            filled = value.isEmpty() ? filled : fields + 1;
            id = fields++ == Math.max(column, 0) ? value : id;
        }
    }
}
