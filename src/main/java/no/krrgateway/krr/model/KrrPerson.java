// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One person as KRR returned it, read tolerantly: KRR's JSON for the person is kept as the bytes KRR sent (unknown
 * fields included, for the result's {@code krr} field, which the contract keeps unchanged), and the few fields the
 * gateway decides on are picked out while the answer is read, never failing on odd values. No JSON tree is built on
 * the way: per person, a tree and its re-writing were most of the gateway's CPU (BENCHMARKS.md).
 *
 * <p>A field read as text is its scalar value's text (a number or boolean as written); missing, {@code null}, an
 * object or an array read as absent; when a field repeats, the last one counts, as in a JSON tree.
 */
public final class KrrPerson {

    private static final ObjectMapper TREES = new ObjectMapper();

    private final byte[] source;
    private final int offset;
    private final int length;
    private final Fields fields;

    private KrrPerson(byte[] source, int offset, int length, Fields fields) {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = TREES.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("personidentifikator", personIdentifier);
            json.writeStringField("status", Status.IKKE_REGISTRERT.name());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KrrPerson(out.toByteArray());
    }

    /**
     * Reads the person object the parser is at ({@link JsonToken#START_OBJECT}), leaving the parser at its end.
     *
     * @param source the bytes the parser reads, UTF-8 (the person's JSON is kept as a slice of them, not copied)
     */
    public static KrrPerson read(JsonParser parser, byte[] source) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        Fields fields = Fields.read(parser);
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        if (start < 0 || end > source.length) {
            throw new IllegalArgumentException("the parser does not read these bytes as UTF-8");
        }
        return new KrrPerson(source, (int) start, (int) (end - start), fields);
    }

    /** KRR's JSON for this person, exactly as KRR sent it (UTF-8). */
    public byte[] json() {
        return offset == 0 && length == source.length ? source.clone() : Arrays.copyOfRange(source, offset,
                offset + length);
    }

    /** Writes KRR's JSON for this person, as KRR sent it, without copying it first. */
    public void writeJson(RawJsonTarget target) throws IOException {
        target.write(source, offset, length);
    }

    /** KRR's JSON for this person as a tree: for tests and tools; costs a parse. */
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

    /** {@code status} as KRR spelled it, or null. */
    public String statusText() {
        return fields.status;
    }

    public Reservation reservation() {
        return Reservation.from(fields.reservation);
    }

    /** {@code reservasjon} as KRR spelled it, or null. */
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

    /** KRR's own person-level §32 verdict ({@code KAN_VARSLES} or {@code KAN_IKKE_VARSLES}) as sent, or null. */
    public String varslingsstatus() {
        return fields.varslingsstatus;
    }

    /** The digital mailbox, when KRR returned one with an address (only with the digital-post scope). */
    public Optional<DigitalPost> digitalPost() {
        String address = fields.mailbox;
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new DigitalPost(address, fields.mailboxProvider));
    }

    /** The base64 DER certificate for encrypting digital post, as sent, or null when KRR returned none. */
    public String certificate() {
        String certificate = fields.certificate;
        return certificate == null || certificate.isBlank() ? null : certificate;
    }

    private static Optional<ContactChannel> channel(String address, String updated, String verified) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ContactChannel(address, KrrDates.parse(updated), KrrDates.parse(verified)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KrrPerson person && Arrays.equals(source, offset, offset + length, person.source,
                person.offset, person.offset + person.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + source[i];
        }
        return hash;
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

    private static Fields fieldsOf(byte[] json) {
        try (JsonParser parser = TREES.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a KRR person is a JSON object");
            }
            return Fields.read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@link #writeJson} sends the bytes: a JSON generator's raw output, a stream. */
    @FunctionalInterface
    public interface RawJsonTarget {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /** The fields the gateway reads, picked out of the person object in one pass. */
    private static final class Fields {
        String personIdentifier;
        String status;
        String reservation;
        String varslingsstatus;
        String language;
        String certificate;
        String email;
        String emailUpdated;
        String emailVerified;
        String mobile;
        String mobileUpdated;
        String mobileVerified;
        String mailbox;
        String mailboxProvider;

        /** Reads from the object's START_OBJECT to its END_OBJECT. */
        static Fields read(JsonParser parser) throws IOException {
            Fields f = new Fields();
            forEachField(parser, (name, value) -> {
                switch (name) {
                    case "personidentifikator" -> f.personIdentifier = text(parser, value);
                    case "status" -> f.status = text(parser, value);
                    case "reservasjon" -> f.reservation = text(parser, value);
                    case "varslingsstatus" -> f.varslingsstatus = text(parser, value);
                    case "spraak" -> f.language = text(parser, value);
                    case "sertifikat" -> f.certificate = text(parser, value);
                    case "kontaktinformasjon" -> f.contactInfo(parser, value);
                    case "digital_post" -> f.digitalPost(parser, value);
                    default -> parser.skipChildren();
                }
            });
            return f;
        }

        private void contactInfo(JsonParser parser, JsonToken value) throws IOException {
            email = emailUpdated = emailVerified = mobile = mobileUpdated = mobileVerified = null;
            forEachFieldOfObject(parser, value, (name, token) -> {
                switch (name) {
                    case "epostadresse" -> email = text(parser, token);
                    case "epostadresse_oppdatert" -> emailUpdated = text(parser, token);
                    case "epostadresse_sist_verifisert" -> emailVerified = text(parser, token);
                    case "mobiltelefonnummer" -> mobile = text(parser, token);
                    case "mobiltelefonnummer_oppdatert" -> mobileUpdated = text(parser, token);
                    case "mobiltelefonnummer_sist_verifisert" -> mobileVerified = text(parser, token);
                    default -> parser.skipChildren();
                }
            });
        }

        private void digitalPost(JsonParser parser, JsonToken value) throws IOException {
            mailbox = mailboxProvider = null;
            forEachFieldOfObject(parser, value, (name, token) -> {
                switch (name) {
                    case "postkasseadresse" -> mailbox = text(parser, token);
                    case "postkasseleverandoeradresse" -> mailboxProvider = text(parser, token);
                    default -> parser.skipChildren();
                }
            });
        }

        /** Hands each field of the object the parser is in to {@code field}, up to the object's END_OBJECT. */
        private static void forEachField(JsonParser parser, FieldReader field) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                field.read(name, parser.nextToken());
            }
        }

        /** As {@link #forEachField}, for a nested value that should be an object; anything else is skipped. */
        private static void forEachFieldOfObject(JsonParser parser, JsonToken value, FieldReader field)
                throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            forEachField(parser, field);
        }

        /** Reads one field's value; the parser stands on the value's first token. */
        @FunctionalInterface
        private interface FieldReader {
            void read(String name, JsonToken value) throws IOException;
        }

        /** A scalar's text; null for null, and for an object or array (skipped). */
        private static String text(JsonParser parser, JsonToken token) throws IOException {
            if (token.isStructStart()) {
                parser.skipChildren();
                return null;
            }
            return token == JsonToken.VALUE_NULL ? null : parser.getText();
        }
    }

    /** An e-mail address or mobile number with the two dates that §32 looks at; either date may be missing. */
    public record ContactChannel(String address, Optional<Instant> updated, Optional<Instant> verified) {
        /** The later of updated and verified: when the person last said the address is right. */
        public Optional<Instant> lastConfirmed() {
            if (updated.isEmpty()) {
                return verified;
            }
            if (verified.isEmpty()) {
                return updated;
            }
            return Optional.of(updated.get().isAfter(verified.get()) ? updated.get() : verified.get());
        }
    }

    /** A digital mailbox: its address and the organisation number of its provider (null when KRR sent none). */
    public record DigitalPost(String address, String provider) {
    }

    /** KRR's {@code status}; values the gateway does not know map to UNKNOWN instead of failing. */
    public enum Status {
        AKTIV, SLETTET, IKKE_REGISTRERT, UNKNOWN;

        static Status from(String value) {
            for (Status s : values()) {
                if (s.name().equals(value)) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }

    /** KRR's {@code reservasjon}; values the gateway does not know map to UNKNOWN. */
    public enum Reservation {
        JA, NEI, UNKNOWN;

        static Reservation from(String value) {
            for (Reservation r : values()) {
                if (r.name().equals(value)) {
                    return r;
                }
            }
            return UNKNOWN;
        }
    }
}
