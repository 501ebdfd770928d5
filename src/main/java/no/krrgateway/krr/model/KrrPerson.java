// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One person as KRR returned it, read tolerantly: the JSON is kept whole (unknown fields included, for the result's
 * {@code krr} field) and the few fields the gateway decides on are read from it on demand, never failing on odd values.
 */
public record KrrPerson(ObjectNode raw) {

    public static KrrPerson notRegistered(String personIdentifier) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("personidentifikator", personIdentifier);
        node.put("status", Status.IKKE_REGISTRERT.name());
        return new KrrPerson(node);
    }

    public String personIdentifier() {
        return text(raw, "personidentifikator");
    }

    public Status status() {
        return Status.from(text(raw, "status"));
    }

    public Reservation reservation() {
        return Reservation.from(text(raw, "reservasjon"));
    }

    public Optional<ContactChannel> email() {
        return channel("epostadresse");
    }

    public Optional<ContactChannel> mobile() {
        return channel("mobiltelefonnummer");
    }

    public String language() {
        return text(raw, "spraak");
    }

    /** KRR's own person-level §32 verdict ({@code KAN_VARSLES} or {@code KAN_IKKE_VARSLES}) as sent, or null. */
    public String varslingsstatus() {
        return text(raw, "varslingsstatus");
    }

    /** The digital mailbox, when KRR returned one with an address (only with the digital-post scope). */
    public Optional<DigitalPost> digitalPost() {
        JsonNode post = raw.get("digital_post");
        String address = text(post, "postkasseadresse");
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new DigitalPost(address, text(post, "postkasseleverandoeradresse")));
    }

    /** The base64 DER certificate for encrypting digital post, as sent, or null when KRR returned none. */
    public String certificate() {
        String certificate = text(raw, "sertifikat");
        return certificate == null || certificate.isBlank() ? null : certificate;
    }

    private Optional<ContactChannel> channel(String field) {
        JsonNode contact = raw.get("kontaktinformasjon");
        String address = text(contact, field);
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ContactChannel(address,
                KrrDates.parse(text(contact, field + "_oppdatert")),
                KrrDates.parse(text(contact, field + "_sist_verifisert"))));
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
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
