// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.verdict.Verdict.CertificateVerdict;
import no.krrgateway.verdict.Verdict.ChannelVerdict;
import no.krrgateway.verdict.Verdict.VerdictReason;

/** An outcome's JSON (contract.md §3); names, reasons, instants as ready UTF-8: escaping them was 1/4 of the time. */
final class OutcomeFields {

    private static final SerializedString[] REASON_NAMES = Arrays.stream(VerdictReason.values())
            .map(reason -> new SerializedString(reason.name())).toArray(SerializedString[]::new);

    /** The contract's field names, each encoded once. */
    private enum Field {
        requestId, personidentifikator, notifiable, reasons, channels, email, address, mobile, number, usable,
        lastConfirmed, usableUntil, evaluatedAt, language, digitalPost, provider, certificate, notAfter,
        krrVarslingsstatus, krr, correlationId, evidenceId;

        final SerializedString json = new SerializedString(name());
    }

    static void write(PersonOutcome outcome, JsonGenerator json) throws IOException {
        if (outcome instanceof PersonOutcome.Result result) {
            result(result, json);
        } else {
            error((PersonOutcome.Error) outcome, json);
        }
    }

    private static void result(PersonOutcome.Result result, JsonGenerator json) throws IOException {
        head(result, json);
        bool(json, Field.notifiable, result.verdict().notifiable());
        json.writeFieldName(Field.reasons.json);
        json.writeStartArray();
        for (VerdictReason reason : result.verdict().reasons()) {
            json.writeString(REASON_NAMES[reason.ordinal()]);
        }
        json.writeEndArray();
        json.writeFieldName(Field.channels.json);
        json.writeStartObject();
        channel(json, Field.email, Field.address, result.verdict().email());
        channel(json, Field.mobile, Field.number, result.verdict().mobile());
        json.writeEndObject();
        instant(json, Field.evaluatedAt, result.verdict().evaluatedAt());
        KrrPerson krr = result.krr();
        string(json, Field.language, krr.language());
        Optional<KrrPerson.DigitalPost> post = krr.digitalPost();
        if (post.isPresent()) {
            json.writeFieldName(Field.digitalPost.json);
            json.writeStartObject();
            string(json, Field.address, post.get().address());
            string(json, Field.provider, post.get().provider());
            json.writeEndObject();
        }
        if (krr.certificate() != null) {
            CertificateVerdict certificate = result.certificate().orElseThrow();
            json.writeFieldName(Field.certificate.json);
            json.writeStartObject();
            instant(json, Field.notAfter, certificate.notAfter().orElse(null));
            bool(json, Field.usable, certificate.usable());
            json.writeEndObject();
        }
        string(json, Field.krrVarslingsstatus, krr.varslingsstatus());
        json.writeFieldName(Field.krr.json);
        krr.writeJson((bytes, offset, length) -> json.writeRawValue(new RawJson(bytes, offset, length)));
        string(json, Field.evidenceId, result.evidence() == null ? null : result.evidence().id());
        string(json, Field.correlationId, result.context().correlationId());
        json.writeEndObject();
    }

    private static void channel(JsonGenerator json, Field name, Field addressField, Optional<ChannelVerdict> verdict)
            throws IOException {
        if (verdict.isPresent()) {
            ChannelVerdict channel = verdict.get();
            json.writeFieldName(name.json);
            json.writeStartObject();
            string(json, addressField, channel.address());
            bool(json, Field.usable, channel.usable());
            instant(json, Field.lastConfirmed, channel.lastConfirmed().orElse(null));
            instant(json, Field.usableUntil, channel.usableUntil().orElse(null));
            json.writeEndObject();
        }
    }

    private static void error(PersonOutcome.Error error, JsonGenerator json) throws IOException {
        head(error, json);
        json.writeObjectFieldStart("error");
        json.writeStringField("code", error.code().name());
        json.writeStringField("message", error.message());
        json.writeEndObject();
        json.writeObjectFieldStart("source");
        if (error.context().source() instanceof OutcomeSource.Kafka kafka) {
            json.writeStringField("channel", "kafka");
            json.writeStringField("topic", kafka.topic());
            json.writeNumberField("partition", kafka.partition());
            json.writeNumberField("offset", kafka.offset());
        } else if (error.context().source() instanceof OutcomeSource.File file) {
            json.writeStringField("channel", "file");
            json.writeStringField("file", file.file());
            json.writeNumberField("line", file.line());
        }
        json.writeEndObject();
        if (error.payload() != null) {
            json.writeStringField("payload", error.payload());
            json.writeNumberField("payloadLength", error.payloadLength());
        }
        string(json, Field.correlationId, error.context().correlationId());
        json.writeEndObject();
    }

    /** {@code requestId} even when null; every other field only when it has a value. */
    private static void head(PersonOutcome outcome, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName(Field.requestId.json);
        json.writeString(outcome.context().requestId());
        string(json, Field.personidentifikator, outcome.personId());
    }

    private static void string(JsonGenerator json, Field field, String value) throws IOException {
        if (value != null) {
            json.writeFieldName(field.json);
            json.writeString(value);
        }
    }

    private static void bool(JsonGenerator json, Field field, boolean value) throws IOException {
        json.writeFieldName(field.json);
        json.writeBoolean(value);
    }

    private static void instant(JsonGenerator json, Field field, Instant at) throws IOException {
        if (at != null) {
            json.writeFieldName(field.json);
            byte[] text = new byte[IsoInstant.MAX_LENGTH];
            json.writeRawUTF8String(text, 0, IsoInstant.format(at, text, 0));
        }
    }
}
