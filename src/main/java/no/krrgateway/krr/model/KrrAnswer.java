// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.lang3.function.FailableBiConsumer;

/** One streaming pass, each person keeping its slice: a JSON tree per person was most of the CPU (BENCHMARKS.md). */
public final class KrrAnswer {

    /** Stands for a person KRR listed twice with different data: neither entry is believed (KRR_REJECTED). */
    public static final KrrPerson CONTRADICTED = KrrPerson.of(new ObjectMapper().createObjectNode());

    private KrrAnswer() {
    }

    /** Anything unexpected but well-formed is left out, and so answered as not registered; so is a person not asked. */
    public static Map<String, KrrPerson> persons(ObjectMapper mapper, byte[] body, Predicate<String> asked)
            throws IOException {
        Map<String, KrrPerson> persons = new HashMap<>();
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                return persons;
            }
            if (parser.currentTokenLocation().getByteOffset() < 0) {
                // Not UTF-8 (JSON exchanged between systems must be, RFC 8259 §8.1): re-encoded once, token by token
                // (a tree of it cost 7 times its size), then read.
                ByteArrayOutputStream utf8 = new ByteArrayOutputStream(body.length);
                try (JsonGenerator copy = mapper.getFactory().createGenerator(utf8)) {
                    copy.copyCurrentStructure(parser);
                }
                return persons(mapper, utf8.toByteArray(), asked);
            }
            if (!isUtf8(body)) {
                throw new IOException("KRR's answer is not valid UTF-8 (RFC 3629)");
            }
            if (root != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return persons;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean list = "personer".equals(parser.currentName());
                if (parser.nextToken() != JsonToken.START_ARRAY || !list) {
                    parser.skipChildren();
                    continue;
                }
                // A repeated "personer" replaces the earlier one, as in a JSON tree.
                persons.clear();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY;
                        element = parser.nextToken()) { // never null: Jackson throws at an answer cut off here
                    if (element != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    KrrPerson person = person(parser, body);
                    if (person.fields.personIdentifier != null && asked.test(person.fields.personIdentifier)) {
                        persons.merge(person.fields.personIdentifier, person,
                                (earlier, again) -> earlier.equals(again) ? earlier : CONTRADICTED);
                    }
                }
            }
        }
        return persons;
    }

    /**
     * Jackson copies unread, or decodes leniently, overlong forms, encoded surrogates and code points past U+10FFFF.
     * The JDK's decoder is strict; into a small buffer, reused, since only its verdict counts.
     */
    static boolean isUtf8(byte[] bytes) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
        CharBuffer decoded = CharBuffer.allocate(8192);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = strict.decode(in, decoded, true);
        while (result.isOverflow()) {
            result = strict.decode(in, decoded.clear(), true);
        }
        return !result.isError();
    }

    /** Reads the person object the parser is at; {@code source} is the UTF-8 the parser reads, kept uncopied. */
    public static KrrPerson person(JsonParser parser, byte[] source) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        PersonFields fields = PersonFields.read(parser);
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        return new KrrPerson(source, (int) start, (int) (end - start), fields);
    }

    /** Read as a tree would: objects, arrays and null read as absent; a repeated field's last value counts. */
    static final class PersonFields {

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

        static PersonFields read(JsonParser parser) throws IOException {
            PersonFields f = new PersonFields();
            forEachField(parser, parser.currentToken(), (name, value) -> {
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
            forEachField(parser, value, (name, token) -> {
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
            forEachField(parser, value, (name, token) -> {
                switch (name) {
                    case "postkasseadresse" -> mailbox = text(parser, token);
                    case "postkasseleverandoeradresse" -> mailboxProvider = text(parser, token);
                    default -> parser.skipChildren();
                }
            });
        }

        private static void forEachField(JsonParser parser, JsonToken value,
                                         FailableBiConsumer<String, JsonToken, IOException> field) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                field.accept(name, parser.nextToken());
            }
        }

        private static String text(JsonParser parser, JsonToken token) throws IOException {
            if (token.isStructStart()) {
                parser.skipChildren();
                return null;
            }
            return token == JsonToken.VALUE_NULL ? null : parser.getText();
        }
    }
}
