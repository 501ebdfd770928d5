// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.verdict.ChannelVerdict;
import no.krrgateway.verdict.Verdict;
import no.krrgateway.verdict.VerdictReason;

/**
 * Writes outcomes as the JSON of docs/contract.md §3 for every channel. Streams straight to bytes and copies
 * {@code krr} as KRR sent it: a tree per outcome was most of the gateway's CPU per id (BENCHMARKS.md). Field names,
 * reasons and instants go in as ready UTF-8 bytes: escaping them was a quarter of the writer's time.
 */
public final class OutcomeJson {

    private static final SerializedString LINE_SEPARATOR = new SerializedString("\n");

    private static final SerializedString REQUEST_ID = new SerializedString("requestId");
    private static final SerializedString PERSON_ID = new SerializedString("personidentifikator");
    private static final SerializedString NOTIFIABLE = new SerializedString("notifiable");
    private static final SerializedString REASONS = new SerializedString("reasons");
    private static final SerializedString CHANNELS = new SerializedString("channels");
    private static final SerializedString EMAIL = new SerializedString("email");
    private static final SerializedString ADDRESS = new SerializedString("address");
    private static final SerializedString MOBILE = new SerializedString("mobile");
    private static final SerializedString NUMBER = new SerializedString("number");
    private static final SerializedString USABLE = new SerializedString("usable");
    private static final SerializedString LAST_CONFIRMED = new SerializedString("lastConfirmed");
    private static final SerializedString USABLE_UNTIL = new SerializedString("usableUntil");
    private static final SerializedString EVALUATED_AT = new SerializedString("evaluatedAt");
    private static final SerializedString LANGUAGE = new SerializedString("language");
    private static final SerializedString DIGITAL_POST = new SerializedString("digitalPost");
    private static final SerializedString PROVIDER = new SerializedString("provider");
    private static final SerializedString CERTIFICATE = new SerializedString("certificate");
    private static final SerializedString NOT_AFTER = new SerializedString("notAfter");
    private static final SerializedString KRR_VARSLINGSSTATUS = new SerializedString("krrVarslingsstatus");
    private static final SerializedString KRR = new SerializedString("krr");
    private static final SerializedString CORRELATION_ID = new SerializedString("correlationId");
    private static final SerializedString EVIDENCE_ID = new SerializedString("evidenceId");
    private static final SerializedString[] REASON_NAMES = Arrays.stream(VerdictReason.values())
            .map(reason -> new SerializedString(reason.name())).toArray(SerializedString[]::new);

    private final JsonFactory factory;

    public OutcomeJson(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
    }

    public byte[] toBytes(PersonOutcome outcome) {
        return toBytes(List.of(outcome)).get(0);
    }

    /** One generator writes them all: one per outcome was a tenth of the writer's time. */
    public List<byte[]> toBytes(List<? extends PersonOutcome> outcomes) {
        List<byte[]> all = new ArrayList<>(outcomes.size());
        Flushed bytes = new Flushed();
        try (JsonGenerator json = factory.createGenerator(bytes)) {
            json.setRootValueSeparator(null);
            for (PersonOutcome outcome : outcomes) {
                write(outcome, json);
                json.flush();
                all.add(bytes.take());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an outcome as JSON", e);
        }
        return all;
    }

    /** An outcome that fits the generator's 8000-byte buffer is copied once; ByteArrayBuilder copied twice. */
    private static final class Flushed extends OutputStream {

        private static final byte[] NONE = new byte[0];

        private byte[] bytes = NONE;

        @Override
        public void write(byte[] b, int offset, int length) {
            int had = bytes.length;
            bytes = Arrays.copyOf(bytes, had + length);
            System.arraycopy(b, offset, bytes, had, length);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        byte[] take() {
            byte[] taken = bytes;
            bytes = NONE;
            return taken;
        }
    }

    public String write(PersonOutcome outcome) {
        return new String(toBytes(outcome), StandardCharsets.UTF_8);
    }

    /** The outcomes as JSON Lines onto {@code out}, left open. */
    public void writeLines(List<? extends PersonOutcome> outcomes, OutputStream out) throws IOException {
        if (outcomes.isEmpty()) {
            return;
        }
        try (JsonGenerator json = factory.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.setRootValueSeparator(LINE_SEPARATOR);
            for (PersonOutcome outcome : outcomes) {
                write(outcome, json);
            }
            json.writeRaw('\n');
        }
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
        json.writeFieldName(NOTIFIABLE);
        json.writeBoolean(verdict.notifiable());
        json.writeFieldName(REASONS);
        json.writeStartArray();
        for (VerdictReason reason : verdict.reasons()) {
            json.writeString(REASON_NAMES[reason.ordinal()]);
        }
        json.writeEndArray();
        json.writeFieldName(CHANNELS);
        json.writeStartObject();
        if (verdict.email().isPresent()) {
            channel(json, EMAIL, ADDRESS, verdict.email().get());
        }
        if (verdict.mobile().isPresent()) {
            channel(json, MOBILE, NUMBER, verdict.mobile().get());
        }
        json.writeEndObject();
        instant(json, EVALUATED_AT, verdict.evaluatedAt());
        KrrPerson krr = result.krr();
        if (krr.language() != null) {
            string(json, LANGUAGE, krr.language());
        }
        if (krr.digitalPost().isPresent()) {
            KrrPerson.DigitalPost post = krr.digitalPost().get();
            json.writeFieldName(DIGITAL_POST);
            json.writeStartObject();
            string(json, ADDRESS, post.address());
            if (post.provider() != null) {
                string(json, PROVIDER, post.provider());
            }
            json.writeEndObject();
        }
        if (krr.certificate() != null) {
            var certificate = result.certificate().orElseThrow();
            json.writeFieldName(CERTIFICATE);
            json.writeStartObject();
            if (certificate.notAfter().isPresent()) {
                instant(json, NOT_AFTER, certificate.notAfter().get());
            }
            json.writeFieldName(USABLE);
            json.writeBoolean(certificate.usable());
            json.writeEndObject();
        }
        if (krr.varslingsstatus() != null) {
            string(json, KRR_VARSLINGSSTATUS, krr.varslingsstatus());
        }
        json.writeFieldName(KRR);
        RawJson.write(json, krr);
        if (result.evidence() != null) {
            string(json, EVIDENCE_ID, result.evidence().id());
        }
        correlation(result, json);
        json.writeEndObject();
    }

    private static void channel(JsonGenerator json, SerializableString name, SerializableString addressField,
                                ChannelVerdict channel) throws IOException {
        json.writeFieldName(name);
        json.writeStartObject();
        string(json, addressField, channel.address());
        json.writeFieldName(USABLE);
        json.writeBoolean(channel.usable());
        if (channel.lastConfirmed().isPresent()) {
            instant(json, LAST_CONFIRMED, channel.lastConfirmed().get());
        }
        if (channel.usableUntil().isPresent()) {
            instant(json, USABLE_UNTIL, channel.usableUntil().get());
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
        string(json, REQUEST_ID, outcome.context().requestId());
        if (outcome.personId() != null) {
            string(json, PERSON_ID, outcome.personId());
        }
    }

    private static void correlation(PersonOutcome outcome, JsonGenerator json) throws IOException {
        String correlationId = outcome.context().correlationId();
        if (correlationId != null) {
            string(json, CORRELATION_ID, correlationId);
        }
    }

    private static void string(JsonGenerator json, SerializableString field, String value) throws IOException {
        json.writeFieldName(field);
        json.writeString(value);
    }

    /** An instant needs no escaping. */
    private static void instant(JsonGenerator json, SerializableString field, Instant at) throws IOException {
        byte[] text = new byte[IsoInstant.MAX_LENGTH + 2];
        text[0] = '"';
        int end = IsoInstant.format(at, text, 1);
        text[end] = '"';
        json.writeFieldName(field);
        json.writeRawValue(RawJson.of(text, 0, end + 1));
    }
}
