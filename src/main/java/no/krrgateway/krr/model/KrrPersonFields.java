// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The fields a {@link KrrPerson} decides on, picked out of the person object in one pass, as a tree would read them:
 * odd values (objects, arrays, null) read as absent, and a repeated field's last value counts.
 */
final class KrrPersonFields {

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

    static KrrPersonFields read(JsonParser parser) throws IOException {
        KrrPersonFields f = new KrrPersonFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
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
        }
        return f;
    }

    private void contactInfo(JsonParser parser, JsonToken value) throws IOException {
        email = emailUpdated = emailVerified = mobile = mobileUpdated = mobileVerified = null;
        while (nextFieldOf(parser, value)) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "epostadresse" -> email = text(parser, token);
                case "epostadresse_oppdatert" -> emailUpdated = text(parser, token);
                case "epostadresse_sist_verifisert" -> emailVerified = text(parser, token);
                case "mobiltelefonnummer" -> mobile = text(parser, token);
                case "mobiltelefonnummer_oppdatert" -> mobileUpdated = text(parser, token);
                case "mobiltelefonnummer_sist_verifisert" -> mobileVerified = text(parser, token);
                default -> parser.skipChildren();
            }
        }
    }

    private void digitalPost(JsonParser parser, JsonToken value) throws IOException {
        mailbox = mailboxProvider = null;
        while (nextFieldOf(parser, value)) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "postkasseadresse" -> mailbox = text(parser, token);
                case "postkasseleverandoeradresse" -> mailboxProvider = text(parser, token);
                default -> parser.skipChildren();
            }
        }
    }

    /** Whether the parser is at the next field of {@code value}'s object; a value that is no object is skipped. */
    private static boolean nextFieldOf(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return false;
        }
        return parser.nextToken() == JsonToken.FIELD_NAME;
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token.isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return token == JsonToken.VALUE_NULL ? null : parser.getText();
    }
}
