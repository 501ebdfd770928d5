// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Answers one KRR {@code personer} lookup once the injected faults have let it through: token,
 * scope and body checks, the {@code rejectIds} fault, then the persons. Kept apart from the HTTP endpoints, which
 * decide the faults and the delay.
 */
@Profile("simulator")
@Component
class KrrLookup {

    static final int MAX_IDS = 1000;

    /** The request body; unknown fields are ignored, as a tolerant server would. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LookupRequest(List<String> personidentifikatorer, Boolean inkluderIkkeRegistrerte) {
    }

    private final AccessTokenVerifier tokens;
    private final SyntheticPopulation population;
    private final KrrPersonRenderer renderer;
    private final SimulatorStats stats;
    private final SimulatorFaults faults;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    KrrLookup(AccessTokenVerifier tokens, SyntheticPopulation population, SimulatorStats stats, SimulatorFaults faults,
              ObjectMapper objectMapper, Clock clock, SimulatorProperties properties) {
        this.tokens = tokens;
        this.population = population;
        this.renderer = new KrrPersonRenderer(properties.krr());
        this.stats = stats;
        this.faults = faults;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    ResponseEntity<Map<String, Object>> answer(String authorization, String body, String path, boolean v1) {
        Optional<Set<String>> scopes = tokens.scopesOf(authorization);
        if (scopes.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .body(error(401, "Missing, invalid or expired bearer token", path));
        }
        if (!KrrPersonRenderer.grantsContactInfo(scopes.get()) && !KrrPersonRenderer.grantsDigitalPost(scopes.get())) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(error(403, "The token has no KRR scope", path));
        }
        int denied = faults.deniesKrr(() -> tokens.consumerOrgOf(authorization));
        if (denied != 0) {
            stats.injectedError();
            return ResponseEntity.status(denied).body(error(denied,
                    "The token's consumer may not look up (simulated)", path));
        }
        LookupRequest lookup = parse(body);
        if (lookup == null) {
            return ResponseEntity.badRequest().body(error(400,
                    "personidentifikatorer must hold 1 to " + MAX_IDS + " ids", path));
        }
        stats.krrBatch(lookup.personidentifikatorer().size());
        if (faults.rejects(lookup.personidentifikatorer())) {
            // Like a validating server that names no id, so the client has to split the batch to find it.
            return ResponseEntity.badRequest().body(error(400,
                    "The request holds an invalid personidentifikator", path));
        }
        boolean includeNotRegistered = v1 || Boolean.TRUE.equals(lookup.inkluderIkkeRegistrerte());
        Instant now = clock.instant();
        // KRR's handling of duplicates is undocumented; the simulator answers each distinct id once.
        List<Map<String, Object>> persons = new LinkedHashSet<>(lookup.personidentifikatorer()).stream()
                .map(id -> Map.entry(id, population.find(id)))
                .filter(e -> e.getValue().isPresent() || includeNotRegistered)
                .map(e -> renderer.render(e.getKey(), e.getValue(), scopes.get(), now))
                .toList();
        return ResponseEntity.ok(Map.of("personer", persons));
    }

    /** The answer to a call an injected fault stops. */
    ResponseEntity<Map<String, Object>> fault(FaultPlan.Fault fault, String path) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(fault.status());
        if (fault.retryAfter() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, fault.retryAfter());
        }
        return builder.body(error(fault.status(), "Simulated fault", path));
    }

    /** @return the request, or null when the body is not a valid lookup of 1 to 1000 ids */
    private LookupRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            LookupRequest lookup = objectMapper.readValue(body, LookupRequest.class);
            List<String> ids = lookup.personidentifikatorer();
            boolean valid = ids != null && !ids.isEmpty() && ids.size() <= MAX_IDS && !ids.contains(null);
            return valid ? lookup : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** An error body shaped like Spring Boot's default, since KRR's own error format is undocumented. */
    private Map<String, Object> error(int status, String message, String path) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", clock.instant().toString());
        body.put("status", status);
        body.put("error", known == null ? "Error" : known.getReasonPhrase());
        body.put("message", message);
        body.put("path", path);
        return body;
    }
}
