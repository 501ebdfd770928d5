// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.lang3.EnumUtils;

/** A person's JSON kept as the bytes KRR sent (the contract's {@code krr} field), and the fields §32 decides on. */
public final class KrrPerson {

    private static final JsonFactory JSON = new JsonFactory();

    private final byte[] source;
    private final int offset;
    private final int length;
    final KrrAnswer.PersonFields fields;

    KrrPerson(byte[] source, int offset, int length, KrrAnswer.PersonFields fields) {
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.fields = fields;
    }

    /** A person from a JSON tree (tests, tools); the gateway itself reads KRR's answer with {@link KrrAnswer}. */
    public static KrrPerson of(ObjectNode json) {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = JSON.createParser(bytes)) {
            parser.nextToken();
            return KrrAnswer.person(parser, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KrrPerson notRegistered(String personIdentifier) {
        return of(JsonNodeFactory.instance.objectNode().put("personidentifikator", personIdentifier)
                .put("status", Status.IKKE_REGISTRERT.name()));
    }

    public void writeJson(RawJsonTarget target) throws IOException {
        target.write(source, offset, length);
    }

    public Status status() {
        return EnumUtils.getEnum(Status.class, fields.status, Status.UNKNOWN);
    }

    public String statusText() {
        return fields.status;
    }

    public Reservation reservation() {
        return EnumUtils.getEnum(Reservation.class, fields.reservation, Reservation.UNKNOWN);
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
        return Optional.ofNullable(fields.mailbox).filter(address -> !address.isBlank())
                .map(address -> new DigitalPost(address, fields.mailboxProvider));
    }

    public String certificate() {
        return Optional.ofNullable(fields.certificate).filter(certificate -> !certificate.isBlank()).orElse(null);
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

    public interface RawJsonTarget {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /** An e-mail address or mobile number with the two dates that §32 looks at; either date may be missing. */
    public record ContactChannel(String address, Optional<Instant> updated, Optional<Instant> verified) {
        public Optional<Instant> lastConfirmed() {
            return Stream.of(updated, verified).flatMap(Optional::stream).max(Comparator.naturalOrder());
        }
    }

    /** A digital mailbox: its address and the organisation number of its provider (null when KRR sent none). */
    public record DigitalPost(String address, String provider) {
    }

    public enum Status {
        AKTIV, SLETTET, IKKE_REGISTRERT, UNKNOWN
    }

    public enum Reservation {
        JA, NEI, UNKNOWN
    }
}
