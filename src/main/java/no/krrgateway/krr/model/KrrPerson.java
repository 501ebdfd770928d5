// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One person as KRR returned it, read tolerantly: the person's JSON is kept as the bytes KRR sent (the contract's
 * {@code krr} field keeps it unchanged) and the fields the gateway decides on are picked out while reading. No JSON
 * tree: per person, a tree and its re-writing were most of the gateway's CPU (BENCHMARKS.md). Odd values (objects,
 * arrays, null) read as absent; a repeated field's last value counts, as in a tree.
 */
public final class KrrPerson {

    private static final ObjectMapper TREES = new ObjectMapper();

    private final byte[] source;
    private final int offset;
    private final int length;
    private final KrrPersonFields fields;

    private KrrPerson(byte[] source, int offset, int length, KrrPersonFields fields) {
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.fields = fields;
    }

    /** A person from a JSON tree (tests, tools); the gateway itself reads KRR's answer with {@link #read}. */
    public KrrPerson(ObjectNode json) {
        this(bytes(json));
    }

    private KrrPerson(byte[] json) {
        this(json, 0, json.length, fieldsOf(json));
    }

    public static KrrPerson notRegistered(String personIdentifier) {
        return new KrrPerson(TREES.createObjectNode().put("personidentifikator", personIdentifier)
                .put("status", Status.IKKE_REGISTRERT.name()));
    }

    /** Reads the person object the parser is at; {@code source} is the UTF-8 the parser reads, kept uncopied. */
    public static KrrPerson read(JsonParser parser, byte[] source) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        KrrPersonFields fields = KrrPersonFields.read(parser);
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        if (start < 0 || end > source.length) {
            throw new IllegalArgumentException("the parser does not read these bytes as UTF-8");
        }
        return new KrrPerson(source, (int) start, (int) (end - start), fields);
    }

    /** KRR's JSON for this person, exactly as KRR sent it. */
    public void writeJson(RawJsonTarget target) throws IOException {
        target.write(source, offset, length);
    }

    /** For tests and tools; costs a parse. */
    public ObjectNode raw() {
        try {
            return (ObjectNode) TREES.readTree(source, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String personIdentifier() {
        return fields.personIdentifier;
    }

    public Status status() {
        return Status.from(fields.status);
    }

    public String statusText() {
        return fields.status;
    }

    public Reservation reservation() {
        return Reservation.from(fields.reservation);
    }

    public String reservationText() {
        return fields.reservation;
    }

    public Optional<ContactChannel> email() {
        return channel(fields.email, fields.emailUpdated, fields.emailVerified);
    }

    public Optional<ContactChannel> mobile() {
        return channel(fields.mobile, fields.mobileUpdated, fields.mobileVerified);
    }

    public String language() {
        return fields.language;
    }

    public String varslingsstatus() {
        return fields.varslingsstatus;
    }

    public Optional<DigitalPost> digitalPost() {
        String address = fields.mailbox;
        return address == null || address.isBlank() ? Optional.empty()
                : Optional.of(new DigitalPost(address, fields.mailboxProvider));
    }

    public String certificate() {
        String certificate = fields.certificate;
        return certificate == null || certificate.isBlank() ? null : certificate;
    }

    private static Optional<ContactChannel> channel(String address, String updated, String verified) {
        return address == null || address.isBlank() ? Optional.empty()
                : Optional.of(new ContactChannel(address, KrrDates.parse(updated), KrrDates.parse(verified)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KrrPerson person && Arrays.equals(source, offset, offset + length, person.source,
                person.offset, person.offset + person.length);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Arrays.copyOfRange(source, offset, offset + length));
    }

    @Override
    public String toString() {
        // Never the JSON: it holds a person id and contact data, and toString ends up in logs.
        return "KrrPerson[" + length + " bytes]";
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return TREES.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KrrPersonFields fieldsOf(byte[] json) {
        try (JsonParser parser = TREES.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a KRR person is a JSON object");
            }
            return KrrPersonFields.read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    public interface RawJsonTarget {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /** An e-mail address or mobile number with the two dates that §32 looks at; either date may be missing. */
    public record ContactChannel(String address, Optional<Instant> updated, Optional<Instant> verified) {
        /** When the person last said the address is right. */
        public Optional<Instant> lastConfirmed() {
            return Stream.of(updated, verified).flatMap(Optional::stream).max(Comparator.naturalOrder());
        }
    }

    /** A digital mailbox: its address and the organisation number of its provider (null when KRR sent none). */
    public record DigitalPost(String address, String provider) {
    }

    /** KRR's {@code status}; values the gateway does not know map to UNKNOWN instead of failing. */
    public enum Status {
        AKTIV, SLETTET, IKKE_REGISTRERT, UNKNOWN;

        static Status from(String value) {
            return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst().orElse(UNKNOWN);
        }
    }

    /** KRR's {@code reservasjon}; values the gateway does not know map to UNKNOWN. */
    public enum Reservation {
        JA, NEI, UNKNOWN;

        static Reservation from(String value) {
            return Arrays.stream(values()).filter(r -> r.name().equals(value)).findFirst().orElse(UNKNOWN);
        }
    }
}
