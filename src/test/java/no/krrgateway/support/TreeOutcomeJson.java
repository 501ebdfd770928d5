// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.Verdict;
import no.krrgateway.verdict.Verdict.ChannelVerdict;

/**
 * The outcome writer before the streaming one, as it was (a JSON tree per outcome, the person's {@code krr} tree set
 * into it), with issue 19's fields and issue 13's payloadLength: what OutcomeJsonEquivalenceTest and the hot-path
 * benchmark compare against.
 */
public final class TreeOutcomeJson {

    private final ObjectMapper mapper;

    public TreeOutcomeJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(PersonOutcome outcome) {
        ObjectNode node = outcome instanceof PersonOutcome.Result result
                ? result(result, tree(result.krr()))
                : error((PersonOutcome.Error) outcome);
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an outcome as JSON", e);
        }
    }

    private ObjectNode tree(KrrPerson krr) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try {
            krr.writeJson(json::write);
            return (ObjectNode) mapper.readTree(json.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A result as bytes, with the person's {@code krr} tree as the old reader had it already. */
    public byte[] toBytes(PersonOutcome.Result result, ObjectNode krrTree) {
        try {
            return mapper.writeValueAsBytes(result(result, krrTree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an outcome as JSON", e);
        }
    }

    private ObjectNode result(PersonOutcome.Result result, ObjectNode krrTree) {
        Verdict verdict = result.verdict();
        ObjectNode node = head(result);
        node.put("notifiable", verdict.notifiable());
        ArrayNode reasons = node.putArray("reasons");
        verdict.reasons().forEach(reason -> reasons.add(reason.name()));
        ObjectNode channels = node.putObject("channels");
        verdict.email().ifPresent(email -> channel(channels.putObject("email"), "address", email));
        verdict.mobile().ifPresent(mobile -> channel(channels.putObject("mobile"), "number", mobile));
        node.put("evaluatedAt", verdict.evaluatedAt().toString());
        KrrPerson krr = result.krr();
        if (krr.language() != null) {
            node.put("language", krr.language());
        }
        krr.digitalPost().ifPresent(post -> {
            ObjectNode digitalPost = node.putObject("digitalPost");
            digitalPost.put("address", post.address());
            if (post.provider() != null) {
                digitalPost.put("provider", post.provider());
            }
        });
        result.certificate().ifPresent(certificate -> {
            ObjectNode cert = node.putObject("certificate");
            certificate.notAfter().ifPresent(at -> cert.put("notAfter", at.toString()));
            cert.put("usable", certificate.usable());
        });
        if (krr.varslingsstatus() != null) {
            node.put("krrVarslingsstatus", krr.varslingsstatus());
        }
        node.set("krr", krrTree);
        correlation(node, result);
        return node;
    }

    private static void channel(ObjectNode node, String addressField, ChannelVerdict channel) {
        node.put(addressField, channel.address());
        node.put("usable", channel.usable());
        channel.lastConfirmed().ifPresent(at -> node.put("lastConfirmed", at.toString()));
        channel.usableUntil().ifPresent(at -> node.put("usableUntil", at.toString()));
    }

    private ObjectNode error(PersonOutcome.Error error) {
        ObjectNode node = head(error);
        ObjectNode detail = node.putObject("error");
        detail.put("code", error.code().name());
        detail.put("message", error.message());
        ObjectNode source = node.putObject("source");
        OutcomeSource from = error.context().source();
        if (from instanceof OutcomeSource.Kafka || from instanceof OutcomeSource.File) {
            // the record's components in order: topic, partition, offset or file, line
            source.put("channel", from instanceof OutcomeSource.Kafka ? "kafka" : "file");
            source.setAll((ObjectNode) mapper.valueToTree(from));
        }
        if (error.payload() != null) {
            node.put("payload", error.payload());
            node.put("payloadLength", error.payloadLength());
        }
        correlation(node, error);
        return node;
    }

    private ObjectNode head(PersonOutcome outcome) {
        ObjectNode node = mapper.createObjectNode();
        node.put("requestId", outcome.context().requestId());
        if (outcome.personId() != null) {
            node.put("personidentifikator", outcome.personId());
        }
        return node;
    }

    private static void correlation(ObjectNode node, PersonOutcome outcome) {
        String correlationId = outcome.context().correlationId();
        if (correlationId != null) {
            node.put("correlationId", correlationId);
        }
    }
}
