// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import no.krrgateway.GatewayException;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.request.RequestJson;
import no.krrgateway.tenant.Tenants;
import org.apache.camel.Exchange;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of the API route (routes/api-http.camel.yaml). */
public class ApiLookups {

    private static final Logger log = LoggerFactory.getLogger(ApiLookups.class);
    static final String CORRELATION_HEADER = "correlation-id";
    private static final String STARTED = "krrGatewayApiStarted";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final ObjectMapper mapper;
    private final JsonFactory json;
    private final OutcomeJson outcomeJson;
    private final LookupCoalescer coalescer;
    private final Tenants tenants;
    private final HoldBackRoutePolicy intake;
    private final ApiProperties properties;
    private final Duration holdRetryAfter;
    private final ApiMetrics metrics;
    private final InputLimits limits;

    public ApiLookups(ObjectMapper mapper, OutcomeJson outcomeJson, LookupCoalescer coalescer,
                      Tenants tenants, HoldBackRoutePolicy intake, ApiProperties properties,
                      InputLimits limits, Duration holdRetryAfter, ApiMetrics metrics) {
        this.limits = limits;
        this.mapper = mapper;
        this.json = mapper.getFactory();
        this.outcomeJson = outcomeJson;
        this.coalescer = coalescer;
        this.tenants = tenants;
        this.intake = intake;
        this.properties = properties;
        this.holdRetryAfter = holdRetryAfter;
        this.metrics = metrics;
    }

    public LookupCoalescer.Request read(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        String correlationId = exchange.getMessage().getHeader(CORRELATION_HEADER, String.class);
        limits.correlationIdProblem(correlationId).ifPresent(problem -> {
            throw ApiProblem.badRequest(problem);
        });
        // ApiBodyFilter has received the body already, within its limits.
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("the body is empty; send {\"personidentifikatorer\": [...]}");
        }
        RequestJson request;
        RequestJson.Ids ids;
        try (JsonParser parser = json.createParser(body)) {
            request = new RequestJson(parser);
            if (request.start() != JsonToken.START_OBJECT) {
                parser.skipChildren(); // a broken body is "not JSON" first, as a whole-body parse finds
                throw ApiProblem.badRequest("the body is not a JSON object");
            }
            ids = request.readIds(properties.maxIds(), (index, id) -> !request.idWasString()
                    ? "personidentifikatorer[" + index + "] is not a string"
                    : limits.idLengthProblem(id).map(tooLong -> "personidentifikatorer[" + index + "]: " + tooLong)
                    .orElse(null));
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not JSON");
        }
        String requestId = optionalString(request, "requestId");
        limits.requestIdProblem(requestId).ifPresent(problem -> {
            throw ApiProblem.badRequest(problem);
        });
        String consumerOrg = optionalString(request, "consumerOrg");
        if (request.ids() != JsonToken.START_ARRAY || ids.count() == 0) {
            throw ApiProblem.badRequest("personidentifikatorer is not a non-empty array");
        }
        if (ids.count() > properties.maxIds()) {
            throw ApiProblem.badRequest("personidentifikatorer holds " + ids.count() + " ids; at most "
                    + properties.maxIds() + " (gateway.api.max-ids)");
        }
        if (ids.problem() != null) {
            throw ApiProblem.badRequest(ids.problem());
        }
        String client = ApiCaller.clientId(properties.clientIdClaim());
        if (!tenants.allowsClient(consumerOrg, client)) {
            // Org numbers and client ids are no personal data; the operator sees who tried, the caller only the code.
            log.warn("API client {} named consumerOrg {}, which it is not listed for (gateway.tenants.<org>"
                    + ".api-clients); refused with 403", client,
                    consumerOrg.matches("\\d{9}") ? consumerOrg : "(not an organisation number)");
            throw new ApiProblem(403, "consumer-org-refused", "The consumerOrg is not allowed for this client",
                    "The consumerOrg is not allowed for this client", null);
        }
        RequestContext context = new RequestContext(requestId != null ? requestId : UUID.randomUUID().toString(),
                correlationId, new OutcomeSource.Api());
        return new LookupCoalescer.Request(ids.kept(), context, tenants.lookupOrg(consumerOrg), client);
    }

    public List<PersonOutcome> lookup(Exchange exchange, LookupCoalescer.Request request) {
        if (intake.isHeld()) {
            throw ApiProblem.unavailable("lookups-held-back", "Lookups are held back",
                    "KRR or Maskinporten failed recently; lookups pause before the next try", holdRetryAfter);
        }
        CompletableFuture<List<PersonOutcome>> answer;
        try {
            answer = coalescer.submit(request);
        } catch (LookupCoalescer.Overloaded e) {
            // The coalescer's message (counts, settings) goes to the log; the caller gets the gateway's fixed words.
            log.debug("API request refused: {}", e.getMessage());
            throw ApiProblem.unavailable("overloaded", "Too many lookups are waiting",
                    "too many ids wait for KRR, of all clients or of this one (gateway.api.max-waiting-ids, "
                            + "gateway.api.max-waiting-ids-per-client); try again after Retry-After",
                    properties.retryAfter());
        }
        long waited = System.nanoTime() - exchange.getProperty(STARTED, Long.class);
        long left = properties.timeout().toNanos() - waited;
        try {
            return answer.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false); // its ids not yet sent are withdrawn
            throw ApiProblem.unavailable("timeout", "No answer in time",
                    "the lookup did not finish within gateway.api.timeout; KRR may be slow", holdRetryAfter);
        } catch (InterruptedException e) {
            answer.cancel(false);
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable("interrupted", "The gateway is stopping", "interrupted while waiting",
                    holdRetryAfter);
        } catch (ExecutionException e) {
            GatewayException failure = ExceptionUtils.throwableOfType(e, GatewayException.class);
            if (failure != null) {
                // Its message names URLs, statuses and Maskinporten's error_description, possibly about another
                // customer: the (masked) log has it, the caller gets its code and fixed words.
                log.warn("API lookup failed: {}: {}", failure.code(), failure.getMessage());
                throw new ApiProblem(503, "lookups-failing", "KRR or Maskinporten is not answering",
                        failure.code().name(), "the lookup failed at KRR or Maskinporten (code says which); "
                        + "try again after Retry-After", holdRetryAfter);
            }
            throw new IllegalStateException("the coalesced lookup failed", e.getCause());
        }
    }

    public void respond(Exchange exchange, List<PersonOutcome> outcomes) {
        StringWriter out = new StringWriter(outcomes.size() * 600 + 64);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("requestId", outcomes.isEmpty() ? null
                    : outcomes.get(0).context().requestId());
            generator.writeArrayFieldStart("outcomes");
            for (PersonOutcome outcome : outcomes) {
                generator.writeRawValue(outcomeJson.write(outcome));
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String correlationId = outcomes.isEmpty() ? null : outcomes.get(0).context().correlationId();
        reply(exchange, 200, "application/json", out.toString(), null, correlationId);
        metrics.answered(200, outcomes.size(), elapsed(exchange));
    }

    public void problem(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ApiProblem problem;
        if (failure instanceof ApiProblem known) {
            problem = known;
        } else {
            log.error("The API request failed unexpectedly: {}", failure == null ? "?" : failure.getClass().getName(),
                    failure);
            problem = new ApiProblem(500, "internal-error", "The gateway failed",
                    "an unexpected failure; the gateway's log has it", null);
        }
        String correlationId = exchange.getMessage().getHeader(CORRELATION_HEADER, String.class);
        if (limits.correlationIdProblem(correlationId).isPresent()) {
            correlationId = null;
        }
        reply(exchange, problem.status(), PROBLEM_JSON, problemJson(problem), problem.retryAfter(), correlationId);
        metrics.answered(problem.status(), 0, elapsed(exchange));
    }

    void writeProblem(jakarta.servlet.http.HttpServletResponse response, ApiProblem problem, long startedNanos)
            throws IOException {
        response.setStatus(problem.status());
        response.setContentType(PROBLEM_JSON);
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(problemJson(problem).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        metrics.answered(problem.status(), 0, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    String problemJson(ApiProblem problem) {
        var node = mapper.createObjectNode();
        node.put("type", "urn:krr-gateway:problem:" + problem.type());
        node.put("title", problem.title());
        node.put("status", problem.status());
        node.put("code", problem.code());
        node.put("detail", problem.detail());
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exactly these headers: platform-http sends every message header back, and Authorization must not echo. */
    private static void reply(Exchange exchange, int status, String contentType, String body, Duration retryAfter,
                              String correlationId) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setHeader("Cache-Control", "no-store");
        if (retryAfter != null) {
            message.setHeader("Retry-After", String.valueOf(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        if (correlationId != null) {
            message.setHeader(CORRELATION_HEADER, correlationId);
        }
        message.setBody(body);
    }

    private static Duration elapsed(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        return started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    private static String optionalString(RequestJson request, String field) {
        RequestJson.Field value = request.field(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiProblem.badRequest(field + " is not a string");
        }
        return value.text().isBlank() ? null : value.text();
    }
}
