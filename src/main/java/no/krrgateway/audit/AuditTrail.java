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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who looked up how many persons, and what came of it: one JSON event ({@code "event":"lookup"}) per lookup request
 * on its own logger ({@value #LOGGER}), so that it can be routed to its own store. A Kafka record is one request, its
 * event written after its batch is committed, however many slices its ids were looked up in; a dropped file is one
 * request, its event written when the file is committed ({@link #fileCommitted}); an HTTP API request is one event
 * with the caller's client id. The consumerOrg is the one the request named, else the configured default. Never a
 * person id: the counts, and only when {@code gateway.audit.hmac-secret} is set, keyed hashes of the ids. Those are
 * written as {@code "event":"lookup-ids"} events of their own per slice or chunk looked up (same requestId and
 * source), so that a request of millions of ids is never held in memory; an API request's event carries its own
 * ({@code idHmacs}).
 */
public class AuditTrail {

    public static final String LOGGER = "krr-gateway.audit";
    /** Exchange property: the {@link LookupWork} being looked up, for the orgs its requests named. */
    public static final String WORK = "gatewayAuditWork";
    /** Exchange property: the Kafka batch's {@link Tally}, counted across its slices. */
    public static final String TALLY = "gatewayAuditTally";

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

    /** Route step before a Kafka batch's slices: the tally its slices add to. Holds counts, one entry per record. */
    public void startBatch(Exchange exchange) {
        if (enabled) {
            exchange.setProperty(TALLY, new Tally());
        }
    }

    /** Route step after a Kafka batch is committed: one event per record of the batch. */
    public void batchCommitted(@ExchangeProperty(TALLY) Tally tally) {
        if (enabled && tally != null) {
            write(tally.events(this));
        }
    }

    /**
     * Route step after every lookup (route {@code lookup-batch}); leaves the body as it is. Kafka outcomes are
     * counted in the batch's tally, file outcomes in the file's summary ({@link #fileCommitted}); here only their
     * {@code lookup-ids} events are written, when HMACs are on. API requests are left to {@link #apiRequest}: their
     * lookups are shared between callers (coalesced), so here they would show as one anonymous request.
     */
    public void lookedUp(List<PersonOutcome> outcomes, @ExchangeProperty(WORK) LookupWork work,
                         @ExchangeProperty(TALLY) Tally tally) {
        if (!enabled) {
            return;
        }
        Tally counting = tally != null ? tally : new Tally();
        counting.addKafka(outcomes, orgs(work));
        if (tally == null) {
            write(counting.events(this)); // a Kafka lookup outside a batch: nothing else would write its events
        }
        if (hmacKey != null) {
            List<PersonOutcome> notApi = outcomes.stream()
                    .filter(outcome -> !(outcome.context().source() instanceof OutcomeSource.Api)).toList();
            for (List<PersonOutcome> request : byRequest(notApi).values()) {
                audit.info(idsEvent(request).toString());
            }
        }
    }

    /** Called by the file channel once a file's outputs are committed: the file's one event. */
    public void fileCommitted(String file, String requestId, long ids, long results, long notifiable,
                              Map<String, Long> errorCodes) {
        if (!enabled) {
            return;
        }
        Counts counts = new Counts("file", file, requestId, null, null);
        counts.ids = ids;
        counts.results = results;
        counts.notifiable = notifiable;
        counts.errors.putAll(errorCodes);
        audit.info(event(clock.instant().toString(), counts).toString());
    }

    /**
     * The HTTP API's event of one request, once its ids are looked up (coalesced, see
     * {@code no.krrgateway.api.LookupCoalescer}), whether or not its caller still waits: the caller's client id as
     * source, and {@code "callerGaveUp": true} when the caller timed out before (its ids not yet sent were withdrawn
     * and are not counted). Written on the lookup's thread, so the client id comes with the request.
     */
    public void apiRequest(List<PersonOutcome> outcomes, String org, String clientId, boolean gaveUp) {
        if (!enabled || outcomes.isEmpty()) {
            return;
        }
        for (ObjectNode event : events(outcomes)) {
            event.put("source", "client:" + clientId);
            if (org != null && !org.isBlank()) {
                event.put("consumerOrg", org);
            }
            if (gaveUp) {
                event.put("callerGaveUp", true);
            }
            if (hmacKey != null) {
                event.set("idHmacs", hashes(outcomes));
            }
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

    /** The events for these outcomes (all with the default org), in the order their requests first appear. */
    List<ObjectNode> events(List<PersonOutcome> outcomes) {
        Tally tally = new Tally();
        outcomes.forEach(outcome -> tally.add(outcome, null));
        return tally.events(this);
    }

    private void write(List<ObjectNode> events) {
        for (ObjectNode event : events) {
            audit.info(event.toString());
        }
    }

    /** The org each request of the work named, by request; a request naming none or the default is absent. */
    private static Map<String, String> orgs(LookupWork work) {
        Map<String, String> orgs = new HashMap<>();
        if (work != null) {
            for (LookupItem item : work.items()) {
                if (item.consumerOrg() != null) {
                    orgs.putIfAbsent(requestKey(item.context()), item.consumerOrg());
                }
            }
        }
        return orgs;
    }

    private static Map<String, List<PersonOutcome>> byRequest(List<PersonOutcome> outcomes) {
        Map<String, List<PersonOutcome>> byRequest = new LinkedHashMap<>();
        for (PersonOutcome outcome : outcomes) {
            byRequest.computeIfAbsent(requestKey(outcome.context()), key -> new ArrayList<>()).add(outcome);
        }
        return byRequest;
    }

    /** The keyed hashes of one request's ids in one slice or chunk: bounded by the slice, not by the request. */
    ObjectNode idsEvent(List<PersonOutcome> request) {
        RequestContext context = request.get(0).context();
        ObjectNode event = mapper.createObjectNode();
        event.put("event", "lookup-ids");
        event.put("at", clock.instant().toString());
        event.put("channel", channel(context.source()));
        event.put("source", source(context.source()));
        event.put("requestId", context.requestId());
        if (context.correlationId() != null) {
            event.put("correlationId", context.correlationId());
        }
        event.set("idHmacs", hashes(request));
        return event;
    }

    private ArrayNode hashes(List<PersonOutcome> outcomes) {
        ArrayNode hashes = mapper.createArrayNode();
        for (PersonOutcome outcome : outcomes) {
            if (personId(outcome) != null) {
                hashes.add(hmac(personId(outcome)));
            }
        }
        return hashes;
    }

    private ObjectNode event(String at, Counts request) {
        ObjectNode event = mapper.createObjectNode();
        event.put("event", "lookup");
        event.put("at", at);
        event.put("channel", request.channel);
        event.put("source", request.source);
        event.put("requestId", request.requestId);
        if (request.correlationId != null) {
            event.put("correlationId", request.correlationId);
        }
        String org = request.consumerOrg != null ? request.consumerOrg : consumerOrg;
        if (org != null && !org.isBlank()) {
            event.put("consumerOrg", org);
        }
        event.put("ids", request.ids);
        ObjectNode counts = event.putObject("outcomes");
        counts.put("results", request.results);
        counts.put("notifiable", request.notifiable);
        ObjectNode errorCounts = counts.putObject("errors");
        request.errors.forEach(errorCounts::put);
        return event;
    }

    /** One request's counts. */
    private static final class Counts {
        final String channel;
        final String source;
        final String requestId;
        final String correlationId;
        String consumerOrg;
        long ids;
        long results;
        long notifiable;
        final Map<String, Long> errors = new TreeMap<>();

        Counts(String channel, String source, String requestId, String correlationId, String consumerOrg) {
            this.channel = channel;
            this.source = source;
            this.requestId = requestId;
            this.correlationId = correlationId;
            this.consumerOrg = consumerOrg;
        }

        Counts(RequestContext context) {
            this(channel(context.source()), source(context.source()), context.requestId(), context.correlationId(),
                    null);
        }

        void add(PersonOutcome outcome, String org) {
            if (consumerOrg == null) {
                consumerOrg = org;
            }
            ids++;
            if (outcome instanceof PersonOutcome.Result result) {
                results++;
                notifiable += result.verdict().notifiable() ? 1 : 0;
            } else if (outcome instanceof PersonOutcome.Error error) {
                errors.merge(error.code().name(), 1L, Long::sum);
            }
        }
    }

    /**
     * Counts per request, in the order the requests first appear: a Kafka batch's across its slices. Its size is one
     * entry per record of the batch (gateway.kafka.max-poll-records), whatever the records hold.
     */
    public static final class Tally {

        private final Map<String, Counts> requests = new LinkedHashMap<>();

        synchronized void add(PersonOutcome outcome, String org) {
            RequestContext context = outcome.context();
            requests.computeIfAbsent(requestKey(context), key -> new Counts(context)).add(outcome, org);
        }

        /**
         * Adds the outcomes of these that are neither the API's nor a file's (Kafka's), with the org their request named ({@code orgs} by request key). A
         * request's outcomes come one after another with the same context object (one per record), so its key is
         * built and looked up once per run of them rather than once per id.
         */
        synchronized void addKafka(List<PersonOutcome> outcomes, Map<String, String> orgs) {
            RequestContext last = null;
            Counts counts = null;
            String org = null;
            for (PersonOutcome outcome : outcomes) {
                RequestContext context = outcome.context();
                if (context.source() instanceof OutcomeSource.Api || context.source() instanceof OutcomeSource.File) {
                    continue;
                }
                if (context != last) {
                    String key = requestKey(context);
                    counts = requests.computeIfAbsent(key, k -> new Counts(context));
                    org = orgs.get(key);
                    last = context;
                }
                counts.add(outcome, org);
            }
        }

        synchronized List<ObjectNode> events(AuditTrail trail) {
            String at = trail.clock.instant().toString();
            List<ObjectNode> events = new ArrayList<>(requests.size());
            for (Counts counts : requests.values()) {
                events.add(trail.event(at, counts));
            }
            return events;
        }
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
