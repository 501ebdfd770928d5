// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Read in one pass as a tree would: objects, arrays and null read as absent; a repeated field's last value counts. */
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

    private static void forEachField(JsonParser parser, JsonToken value, FieldReader field) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            field.read(name, parser.nextToken());
        }
    }

    @FunctionalInterface
    private interface FieldReader {
        void read(String name, JsonToken value) throws IOException;
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token.isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return token == JsonToken.VALUE_NULL ? null : parser.getText();
    }
}
