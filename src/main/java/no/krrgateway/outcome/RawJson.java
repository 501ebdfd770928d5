// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * KRR's bytes copied as they are by {@link JsonGenerator#writeRawValue(SerializableString)}, commas still placed; other
 * raw values (SerializedString too) are text, decoded and encoded again. Raw output uses the unquoted UTF-8 methods.
 */
final class RawJson implements SerializableString {

    private final byte[] bytes;
    private final int offset;
    private final int length;

    RawJson(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public String getValue() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int at) {
        if (at + length > buffer.length) {
            return -1;
        }
        System.arraycopy(bytes, offset, buffer, at, length);
        return length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(bytes, offset, length);
        return length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < length) {
            return -1;
        }
        buffer.put(bytes, offset, length);
        return length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int at) {
        return new SerializedString(getValue()).appendUnquoted(buffer, at);
    }

    @Override
    public char[] asQuotedChars() {
        return new SerializedString(getValue()).asQuotedChars();
    }

    @Override
    public byte[] asQuotedUTF8() {
        return new SerializedString(getValue()).asQuotedUTF8();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int at) {
        return new SerializedString(getValue()).appendQuotedUTF8(buffer, at);
    }

    @Override
    public int appendQuoted(char[] buffer, int at) {
        return new SerializedString(getValue()).appendQuoted(buffer, at);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        return new SerializedString(getValue()).writeQuotedUTF8(out);
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        return new SerializedString(getValue()).putQuotedUTF8(buffer);
    }
}
