// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import static no.krrgateway.logging.PersonIdMasking.maskName;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.AssertTrue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.krrgateway.config.Redact;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.outcome.RequestTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** One event per request on its own logger, never a person id; keyed hashes per slice, never all ids at once. */
public class AuditTrail {

    public static final String LOGGER = "krr-gateway.audit";
    private final Logger audit; // none when not enabled
    private final Clock clock;
    private final ObjectMapper mapper;
    private final String defaultOrg;
    private final SecretKeySpec hmacKey;

    /**
     * @param enabled    write audit events, one per lookup request, on logger {@value AuditTrail#LOGGER}
     * @param hmacSecret when set, events list a keyed hash of every id looked up; at least 32 bytes
     */
    @Validated
    @ConfigurationProperties("gateway.audit")
    public record AuditProperties(@DefaultValue("true") boolean enabled, String hmacSecret) {

        /** 11-digit ids leave few candidates: a short secret could be found by trying; an empty one is no HMAC. */
        @AssertTrue(message = "gateway.audit.hmac-secret must be at least 32 bytes when set")
        public boolean isHmacSecretLongEnough() {
            return hmacSecret == null || hmacSecret.getBytes(StandardCharsets.UTF_8).length >= 32;
        }

        @Override
        public String toString() {
            return "AuditProperties[enabled=" + enabled + ", hmacSecret=" + Redact.secret(hmacSecret) + "]";
        }
    }

    public AuditTrail(Clock clock, ObjectMapper mapper, String defaultOrg, AuditProperties properties) {
        this.clock = Clock.tick(clock, java.time.Duration.ofMillis(1)); // nanos: 11 digits, masked as an id
        this.mapper = mapper;
        this.defaultOrg = defaultOrg;
        this.audit = properties.enabled() ? LoggerFactory.getLogger(LOGGER) : NOPLogger.NOP_LOGGER;
        this.hmacKey = properties.hmacSecret() == null ? null
                : new SecretKeySpec(properties.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public void committed(List<RequestTally> requests) {
        if (requests != null) {
            requests.forEach(request -> audit.info(event(request, source(request.context().source())).toString()));
        }
    }

    /** A file refused whole after some of its ids were looked up in KRR: those all the same, and the refusal. */
    public void refused(RequestTally file, String problem) {
        audit.info(event(file, source(file.context().source())).put("refused", problem).toString());
    }

    /** {@code gaveUp}: timed out first; its ids not yet sent were withdrawn and are not counted. */
    public void apiLookedUp(RequestTally request, String clientId, boolean gaveUp, List<PersonOutcome> outcomes) {
        ObjectNode event = event(request, "client:" + clientId);
        if (gaveUp) {
            event.put("callerGaveUp", true);
        }
        if (hmacKey != null) {
            event.set("idHmacs", hashes(outcomes));
        }
        audit.info(event.toString());
    }

    public void idHashes(List<PersonOutcome> slice) {
        if (hmacKey == null || !audit.isInfoEnabled()) {
            return;
        }
        // one event per run of a request's outcomes, which come together (a file's lines, numbered apart, are one)
        for (int start = 0, i = 1; i <= slice.size(); i++) {
            RequestContext context = slice.get(start).context();
            RequestContext next = i < slice.size() ? slice.get(i).context() : null;
            if (next != context && (next == null || !Objects.equals(next.requestId(), context.requestId())
                    || !source(next.source()).equals(source(context.source())))) {
                audit.info(head("lookup-ids", context, source(context.source()))
                        .set("idHmacs", hashes(slice.subList(start, i))).toString());
                start = i;
            }
        }
    }

    private ObjectNode event(RequestTally request, String source) {
        ObjectNode event = head("lookup", request.context(), source);
        String org = request.consumerOrg() != null ? request.consumerOrg() : defaultOrg;
        if (org != null && !org.isBlank()) {
            event.put("consumerOrg", org);
        }
        event.put("ids", request.totals().ids());
        ObjectNode errors = event.putObject("outcomes").put("results", request.totals().results())
                .put("notifiable", request.totals().notifiable()).putObject("errors");
        request.counts().occurredErrorCodes().forEach(errors::put);
        return event;
    }

    private ObjectNode head(String kind, RequestContext context, String source) {
        boolean file = context.source() instanceof OutcomeSource.File; // requestId file:NAME, source NAME masked
        ObjectNode event = mapper.createObjectNode().put("event", kind).put("at", clock.instant().toString())
                .put("channel", context.source() instanceof OutcomeSource.Kafka ? "kafka" : file ? "file" : "api")
                .put("source", source).put("requestId", file ? "file:" + source : context.requestId());
        if (context.correlationId() != null) {
            event.put("correlationId", context.correlationId());
        }
        return event;
    }

    /** HMAC-SHA256 in base64url: no run of 11 digits, so log masking leaves it whole. One Mac per event. */
    private ArrayNode hashes(List<PersonOutcome> outcomes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return outcomes.stream().map(PersonOutcome::personId).filter(Objects::nonNull)
                    .map(id -> mac.doFinal(id.getBytes(StandardCharsets.UTF_8)))
                    .map(Base64.getUrlEncoder().withoutPadding()::encodeToString)
                    .collect(mapper::createArrayNode, ArrayNode::add, ArrayNode::addAll);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String source(OutcomeSource source) {
        return source instanceof OutcomeSource.Kafka kafka ? kafka.topic() + "-" + kafka.partition() + "-"
                + kafka.offset() : source instanceof OutcomeSource.File f ? maskName(f.file()) : String.valueOf(source);
    }
}
