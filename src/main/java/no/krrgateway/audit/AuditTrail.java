// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who looked up how many persons, and what came of it: one JSON event per lookup request on its own logger
 * ({@value #LOGGER}), so that it can be routed to its own store. A Kafka record is one request; a dropped file gives
 * one event per chunk it is looked up in (same {@code requestId}, the file's name as source); an HTTP API request is
 * one event with the caller's client id. Never a person id: the counts, and only when {@code gateway.audit.hmac-secret}
 * is set, a keyed hash of each id. Route {@code lookup-batch} calls it after every Kafka and file lookup, route
 * {@code api-lookup} after every API request.
 */
public class AuditTrail {

    public static final String LOGGER = "krr-gateway.audit";

    private static final Logger audit = LoggerFactory.getLogger(LOGGER);

    private final Clock clock;
    private final ObjectMapper mapper;
    private final String consumerOrg;
    private final SecretKeySpec hmacKey;
    private final boolean enabled;

    public AuditTrail(Clock clock, ObjectMapper mapper, String consumerOrg, AuditProperties properties) {
        this.clock = clock;
        this.mapper = mapper;
        this.consumerOrg = consumerOrg;
        this.enabled = properties.enabled();
        this.hmacKey = properties.hmacEnabled()
                ? new SecretKeySpec(properties.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256") : null;
    }

    /**
     * Route step after the lookup: one event per request among the outcomes; leaves the body as it is. API requests
     * are left to {@link #apiRequest}: their lookups are shared between callers (coalesced), so here they would
     * show as one anonymous request.
     */
    public void lookedUp(List<PersonOutcome> outcomes) {
        if (!enabled) {
            return;
        }
        List<PersonOutcome> notApi = outcomes.stream()
                .filter(outcome -> !(outcome.context().source() instanceof OutcomeSource.Api)).toList();
        for (ObjectNode event : events(notApi)) {
            audit.info(event.toString());
        }
    }

    /**
     * Route step of the HTTP API after a request's lookup: its one event, with the caller's client id as source
     * (the token's {@code client_id}, else {@code azp}, else its subject); leaves the body as it is.
     */
    public void apiRequest(List<PersonOutcome> outcomes) {
        if (!enabled || outcomes.isEmpty()) {
            return;
        }
        for (ObjectNode event : events(outcomes)) {
            event.put("source", "client:" + apiClient());
            audit.info(event.toString());
        }
    }

    /** Read on the request's thread, where Spring Security put the caller's authentication. */
    static String apiClient() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller instanceof JwtAuthenticationToken jwt) {
            for (String claim : List.of("client_id", "azp")) {
                String value = jwt.getToken().getClaimAsString(claim);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return jwt.getName();
        }
        return caller == null || caller instanceof AnonymousAuthenticationToken ? "anonymous" : caller.getName();
    }

    /** The events for these outcomes, in the order their requests first appear. */
    List<ObjectNode> events(List<PersonOutcome> outcomes) {
        Map<String, List<PersonOutcome>> byRequest = new LinkedHashMap<>();
        for (PersonOutcome outcome : outcomes) {
            byRequest.computeIfAbsent(requestKey(outcome.context()), key -> new ArrayList<>()).add(outcome);
        }
        String at = clock.instant().toString();
        List<ObjectNode> events = new ArrayList<>(byRequest.size());
        for (List<PersonOutcome> request : byRequest.values()) {
            events.add(event(at, request));
        }
        return events;
    }

    private ObjectNode event(String at, List<PersonOutcome> request) {
        RequestContext context = request.get(0).context();
        ObjectNode event = mapper.createObjectNode();
        event.put("event", "lookup");
        event.put("at", at);
        event.put("channel", channel(context.source()));
        event.put("source", source(context.source()));
        event.put("requestId", context.requestId());
        if (context.correlationId() != null) {
            event.put("correlationId", context.correlationId());
        }
        if (consumerOrg != null && !consumerOrg.isBlank()) {
            event.put("consumerOrg", consumerOrg);
        }
        event.put("ids", request.size());
        int results = 0;
        int notifiable = 0;
        Map<String, Integer> errors = new TreeMap<>();
        for (PersonOutcome outcome : request) {
            if (outcome instanceof PersonOutcome.Result result) {
                results++;
                notifiable += result.verdict().notifiable() ? 1 : 0;
            } else if (outcome instanceof PersonOutcome.Error error) {
                errors.merge(error.code().name(), 1, Integer::sum);
            }
        }
        ObjectNode counts = event.putObject("outcomes");
        counts.put("results", results);
        counts.put("notifiable", notifiable);
        ObjectNode errorCounts = counts.putObject("errors");
        errors.forEach(errorCounts::put);
        if (hmacKey != null) {
            ArrayNode hashes = event.putArray("idHmacs");
            for (PersonOutcome outcome : request) {
                if (personId(outcome) != null) {
                    hashes.add(hmac(personId(outcome)));
                }
            }
        }
        return event;
    }

    /** HMAC-SHA256 in base64url: no run of 11 digits, so log masking leaves it whole. */
    String hmac(String personId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(personId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String personId(PersonOutcome outcome) {
        if (outcome instanceof PersonOutcome.Result result) {
            return result.personId();
        }
        return outcome instanceof PersonOutcome.Error error ? error.personId() : null;
    }

    /** A Kafka record is one request; a file's lines are one request (the line numbers differ per id). */
    private static String requestKey(RequestContext context) {
        OutcomeSource source = context.source();
        return channel(source) + "|" + source(source) + "|" + context.requestId() + "|" + context.correlationId();
    }

    private static String channel(OutcomeSource source) {
        if (source instanceof OutcomeSource.Kafka) {
            return "kafka";
        }
        if (source instanceof OutcomeSource.File) {
            return "file";
        }
        if (source instanceof OutcomeSource.Api) {
            return "api";
        }
        return source == null ? "unknown" : source.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String source(OutcomeSource source) {
        if (source instanceof OutcomeSource.Kafka kafka) {
            return kafka.topic() + "-" + kafka.partition() + "-" + kafka.offset();
        }
        if (source instanceof OutcomeSource.File file) {
            return file.file();
        }
        if (source instanceof OutcomeSource.Api) {
            return "client:" + apiClient();
        }
        return String.valueOf(source);
    }
}
