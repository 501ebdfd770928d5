// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.verdict.ChannelVerdict;
import no.krrgateway.verdict.Verdict;

/**
 * Writes outcomes as the JSON of docs/contract.md §3, UTF-8; instants as UTC ({@code ...Z}). Every channel writes with
 * this class: Kafka records, result files, the HTTP API.
 *
 * <p>It writes with Jackson's streaming generator straight to bytes, and copies the person's {@code krr} object as the
 * bytes KRR sent (the contract keeps it unchanged): building a JSON tree per outcome and writing it again was most of
 * the gateway's CPU per id (BENCHMARKS.md). Field order and values are those of the tree-based writer it replaced
 * ({@code OutcomeJsonEquivalenceTest}).
 */
public final class OutcomeJson {

    private static final SerializedString LINE_SEPARATOR = new SerializedString("\n");

    private final JsonFactory factory;

    public OutcomeJson(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
    }

    /** One outcome as a JSON object, UTF-8. */
    public byte[] toBytes(PersonOutcome outcome) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(outcome instanceof PersonOutcome.Result ? 1024 : 256);
        try (JsonGenerator json = factory.createGenerator(bytes)) {
            write(outcome, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an outcome as JSON", e);
        }
        return bytes.toByteArray();
    }

    /** One outcome as a JSON object. */
    public String write(PersonOutcome outcome) {
        return new String(toBytes(outcome), StandardCharsets.UTF_8);
    }

    /** One outcome as a JSON object, UTF-8, onto {@code out}, which is flushed and left open. */
    public void write(PersonOutcome outcome, OutputStream out) throws IOException {
        try (JsonGenerator json = generator(out)) {
            write(outcome, json);
        }
    }

    /** The outcomes as a JSON array, UTF-8, onto {@code out}, which is flushed and left open. */
    public void writeArray(List<? extends PersonOutcome> outcomes, OutputStream out) throws IOException {
        try (JsonGenerator json = generator(out)) {
            json.writeStartArray();
            for (PersonOutcome outcome : outcomes) {
                write(outcome, json);
            }
            json.writeEndArray();
        }
    }

    /** The outcomes as JSON Lines (one object and {@code \n} each), UTF-8, onto {@code out}, left open. */
    public void writeLines(List<? extends PersonOutcome> outcomes, OutputStream out) throws IOException {
        if (outcomes.isEmpty()) {
            return;
        }
        try (JsonGenerator json = generator(out)) {
            json.setRootValueSeparator(LINE_SEPARATOR);
            for (PersonOutcome outcome : outcomes) {
                write(outcome, json);
            }
            json.writeRaw('\n');
        }
    }

    private JsonGenerator generator(OutputStream out) throws IOException {
        return factory.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    private static void write(PersonOutcome outcome, JsonGenerator json) throws IOException {
        if (outcome instanceof PersonOutcome.Result result) {
            result(result, json);
        } else {
            error((PersonOutcome.Error) outcome, json);
        }
    }

    private static void result(PersonOutcome.Result result, JsonGenerator json) throws IOException {
        Verdict verdict = result.verdict();
        head(result, json);
        json.writeBooleanField("notifiable", verdict.notifiable());
        json.writeArrayFieldStart("reasons");
        for (var reason : verdict.reasons()) {
            json.writeString(reason.name());
        }
        json.writeEndArray();
        json.writeObjectFieldStart("channels");
        if (verdict.email().isPresent()) {
            channel(json, "email", "address", verdict.email().get());
        }
        if (verdict.mobile().isPresent()) {
            channel(json, "mobile", "number", verdict.mobile().get());
        }
        json.writeEndObject();
        instant(json, "evaluatedAt", verdict.evaluatedAt());
        KrrPerson krr = result.krr();
        if (krr.language() != null) {
            json.writeStringField("language", krr.language());
        }
        if (krr.digitalPost().isPresent()) {
            KrrPerson.DigitalPost post = krr.digitalPost().get();
            json.writeObjectFieldStart("digitalPost");
            json.writeStringField("address", post.address());
            if (post.provider() != null) {
                json.writeStringField("provider", post.provider());
            }
            json.writeEndObject();
        }
        if (krr.certificate() != null) {
            var certificate = result.certificate().orElseThrow();
            json.writeObjectFieldStart("certificate");
            if (certificate.notAfter().isPresent()) {
                instant(json, "notAfter", certificate.notAfter().get());
            }
            json.writeBooleanField("usable", certificate.usable());
            json.writeEndObject();
        }
        if (krr.varslingsstatus() != null) {
            json.writeStringField("krrVarslingsstatus", krr.varslingsstatus());
        }
        json.writeFieldName("krr");
        RawJson.write(json, krr);
        correlation(result, json);
        json.writeEndObject();
    }

    private static void channel(JsonGenerator json, String name, String addressField, ChannelVerdict channel)
            throws IOException {
        json.writeObjectFieldStart(name);
        json.writeStringField(addressField, channel.address());
        json.writeBooleanField("usable", channel.usable());
        if (channel.lastConfirmed().isPresent()) {
            instant(json, "lastConfirmed", channel.lastConfirmed().get());
        }
        if (channel.usableUntil().isPresent()) {
            instant(json, "usableUntil", channel.usableUntil().get());
        }
        json.writeEndObject();
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
        correlation(error, json);
        json.writeEndObject();
    }

    private static void head(PersonOutcome outcome, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("requestId", outcome.context().requestId());
        if (outcome.personId() != null) {
            json.writeStringField("personidentifikator", outcome.personId());
        }
    }

    private static void correlation(PersonOutcome outcome, JsonGenerator json) throws IOException {
        String correlationId = outcome.context().correlationId();
        if (correlationId != null) {
            json.writeStringField("correlationId", correlationId);
        }
    }

    private static void instant(JsonGenerator json, String field, Instant at) throws IOException {
        char[] text = new char[40];
        json.writeFieldName(field);
        json.writeString(text, 0, IsoInstant.format(at, text));
    }
}
