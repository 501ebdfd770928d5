// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import no.krrgateway.GatewayException;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.lookup.LookupAvailability.HoldBackProperties;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.request.RequestJson;
import no.krrgateway.tenant.Tenants;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The steps of the API route (routes/api-http.camel.yaml); {@code started} is its {@code apiStarted}. */
@Component
public record ApiLookups(ObjectMapper mapper, OutcomeJson outcomeJson, LookupCoalescer coalescer, Tenants tenants,
                         HoldBackRoutePolicy intake, ApiProperties properties, InputLimits limits,
                         HoldBackProperties holdBack, ApiMetrics metrics) {

    private static final Logger log = LoggerFactory.getLogger(ApiLookups.class);

    /** The HTTP answer; route api-reply sends exactly these headers (a null one not at all). */
    public record Reply(int status, String contentType, String body, String retryAfter, String correlationId) {
    }

    /** {@code body} as ApiBodyFilter received it, within its limits. */
    public LookupCoalescer.Request read(byte[] body, String correlationId) {
        ApiProblem.badRequestIf(limits.correlationIdProblem(correlationId).orElse(null));
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("the body is empty; send {\"personidentifikatorer\": [...]}");
        }
        try (JsonParser parser = limits.json().createParser(body)) {
            RequestJson request = new RequestJson(parser);
            if (request.start() != JsonToken.START_OBJECT) {
                parser.skipChildren(); // a broken body is "not JSON" first, as a whole-body parse finds
                throw ApiProblem.badRequest("the body is not a JSON object");
            }
            RequestJson.Ids ids = request.readIds(properties.maxIds(), (index, id) -> !request.idWasString()
                    ? "personidentifikatorer[" + index + "] is not a string"
                    : limits.idLengthProblem(id).map(tooLong -> "personidentifikatorer[" + index + "]: " + tooLong)
                    .orElse(null));
            String requestId = optionalString(request, "requestId");
            ApiProblem.badRequestIf(limits.requestIdProblem(requestId).orElse(null));
            String consumerOrg = optionalString(request, "consumerOrg");
            ApiProblem.badRequestIf(request.ids() != JsonToken.START_ARRAY || ids.count() == 0
                    ? "personidentifikatorer is not a non-empty array"
                    : ids.count() > properties.maxIds() ? "personidentifikatorer holds " + ids.count()
                    + " ids; at most " + properties.maxIds() + " (gateway.api.max-ids)" : ids.problem());
            String client = Caller.clientId(properties.clientIdClaim());
            if (!tenants.allowsClient(consumerOrg, client)) {
                // Org numbers and client ids are no personal data: the operator sees who tried, the caller the code.
                log.warn("API client {} named consumerOrg {}, which it is not listed for (gateway.tenants.<org>"
                        + ".api-clients); refused with 403", client,
                        consumerOrg.matches("\\d{9}") ? consumerOrg : "(not an organisation number)");
                throw new ApiProblem(403, "consumer-org-refused", "The consumerOrg is not allowed for this client",
                        "The consumerOrg is not allowed for this client", null);
            }
            RequestContext context = new RequestContext(requestId != null ? requestId : UUID.randomUUID().toString(),
                    correlationId, new OutcomeSource.Api());
            return new LookupCoalescer.Request(ids.kept(), context, tenants.lookupOrg(consumerOrg), client);
        } catch (IOException e) {
            throw ApiProblem.badRequest(e instanceof StreamConstraintsException over
                    ? "the body is beyond the parser's limits: " + limits.jsonProblem(over) : "the body is not JSON");
        }
    }

    public List<PersonOutcome> lookup(LookupCoalescer.Request request, long started) {
        if (intake.isHeld()) {
            throw new ApiProblem(503, "lookups-held-back", "Lookups are held back",
                    "KRR or Maskinporten failed recently; lookups pause before the next try", holdBack.initialDelay());
        }
        CompletableFuture<List<PersonOutcome>> answer;
        try {
            answer = coalescer.submit(request);
        } catch (LookupCoalescer.Overloaded e) {
            // The coalescer's message (counts, settings) goes to the log; the caller gets the gateway's fixed words.
            log.debug("API request refused: {}", e.getMessage());
            throw new ApiProblem(503, "overloaded", "Too many lookups are waiting",
                    "too many ids wait for KRR, of all clients or of this one (gateway.api.max-waiting-ids, "
                            + "gateway.api.max-waiting-ids-per-client); try again after Retry-After",
                    properties.retryAfter());
        }
        long left = properties.timeout().toNanos() - (System.nanoTime() - started);
        try {
            return answer.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false); // its ids not yet sent are withdrawn
            throw new ApiProblem(503, "timeout", "No answer in time",
                    "the lookup did not finish within gateway.api.timeout; KRR may be slow", holdBack.initialDelay());
        } catch (InterruptedException e) {
            answer.cancel(false);
            Thread.currentThread().interrupt();
            throw new ApiProblem(503, "interrupted", "The gateway is stopping", "interrupted while waiting",
                    holdBack.initialDelay());
        } catch (ExecutionException e) {
            GatewayException failure = ExceptionUtils.throwableOfType(e, GatewayException.class);
            if (failure != null) {
                // Its message may name URLs or another customer's errors: only the (masked) log gets it.
                log.warn("API lookup failed: {}: {}", failure.code(), failure.getMessage());
                throw new ApiProblem(503, "lookups-failing", "KRR or Maskinporten is not answering",
                        failure.code().name(), "the lookup failed at KRR or Maskinporten (code says which); "
                        + "try again after Retry-After", holdBack.initialDelay());
            }
            throw new IllegalStateException("the coalesced lookup failed", e.getCause());
        }
    }

    public Reply respond(List<PersonOutcome> outcomes, long started) {
        RequestContext context = outcomes.isEmpty() ? null : outcomes.get(0).context();
        var answer = mapper.createObjectNode().put("requestId", context == null ? null : context.requestId());
        var list = answer.putArray("outcomes");
        outcomes.forEach(outcome -> list.addRawValue(new RawValue(outcomeJson.write(outcome))));
        metrics.answered(200, outcomes.size(), started);
        return new Reply(200, "application/json", answer.toString(), null,
                context == null ? null : context.correlationId());
    }

    /** {@code started} null: the failure came before the route took the request. */
    public Reply problem(Exception failure, String correlationId, Long started) {
        ApiProblem problem = ApiProblem.of(failure);
        metrics.answered(problem.body().status(), 0, started == null ? System.nanoTime() : started);
        return new Reply(problem.body().status(), ApiProblem.MEDIA_TYPE, problem.json(), problem.retryAfterSeconds(),
                limits.correlationIdProblem(correlationId).isPresent() ? null : correlationId);
    }

    private static String optionalString(RequestJson request, String field) {
        RequestJson.Field value = request.field(field);
        if (value != null && !value.isNull() && !value.isString()) {
            throw ApiProblem.badRequest(field + " is not a string");
        }
        return value == null || value.isNull() || value.text().isBlank() ? null : value.text();
    }
}
