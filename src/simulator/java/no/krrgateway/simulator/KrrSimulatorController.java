// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Serves the simulated KRR {@code personer} lookups, v1 and v2, over real HTTP: counts the call, lets
 * {@link SimulatorFaults} decide its delay and fault, and answers at once, or asynchronously once a delay is over
 * (the delay counted from the call's arrival, whatever making the answer took).
 */
@Profile("simulator")
@RestController
public record KrrSimulatorController(KrrLookup lookup, SimulatorFaults faults, SimulatorStats stats,
                                     SimulatorDelays delays, ObjectMapper objectMapper, KrrAnswerSigner signer) {

    /** Time a delayed answer gets, past its delay, before the servlet container's async timeout may fire. */
    private static final long ANSWER_MARGIN_MILLIS = 60_000;
    /** A signed answer: a compact JWS whose payload is the JSON answer (docs/evidence.md). */
    static final String JOSE = "application/jose";

    @PostMapping(path = "/krr/rest/v1/personer", produces = {MediaType.APPLICATION_JSON_VALUE, JOSE})
    public Object personsV1(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) String body, HttpServletRequest request) {
        return lookup(authorization, body, request, true);
    }

    @PostMapping(path = "/krr/rest/v2/personer", produces = {MediaType.APPLICATION_JSON_VALUE, JOSE})
    public Object personsV2(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) String body, HttpServletRequest request) {
        return lookup(authorization, body, request, false);
    }

    /** @return the answer, or a {@link DeferredResult} of it when the call is delayed */
    private Object lookup(String authorization, String body, HttpServletRequest request, boolean v1) {
        long arrived = System.nanoTime();
        stats.krrCall();
        String path = request.getRequestURI();
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        boolean signed = accept != null && accept.contains(JOSE);
        FaultPlan.KrrDecision decision = faults.decideKrr();
        if (decision.delay().isZero() || decision.delay().isNegative()) {
            return asJson(answer(decision, authorization, body, path, v1), signed);
        }
        // The delay is the whole time KRR takes to answer: the answer is made (and written as JSON) as the call
        // comes, and handed back once the delay since then is over. So the simulator's own CPU, on a machine it shares
        // with the gateway in tests and benchmarks, does not lengthen a call beyond it (benchmark scenario a's KRR
        // ceiling is calls in flight x batch size / latency). A client that gives up early is not noticed: the
        // answer is written (and lost) when the delay is over.
        DeferredResult<ResponseEntity<byte[]>> result =
                new DeferredResult<>(decision.delay().toMillis() + ANSWER_MARGIN_MILLIS);
        Runnable handBack;
        try {
            ResponseEntity<byte[]> answer = asJson(answer(decision, authorization, body, path, v1), signed);
            handBack = () -> result.setResult(answer);
        } catch (RuntimeException e) {
            handBack = () -> result.setErrorResult(e);
        }
        delays.after(decision.delay().minusNanos(System.nanoTime() - arrived), handBack);
        return result;
    }

    /** The answer as JSON, or, when the client asked for it and the lookup succeeded, signed as a compact JWS. */
    private ResponseEntity<byte[]> asJson(ResponseEntity<Map<String, Object>> answer, boolean signed) {
        byte[] json = SimulatorJson.toBytes(objectMapper, answer.getBody());
        if (signed && answer.getStatusCode().is2xxSuccessful()) {
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                    .contentType(MediaType.parseMediaType(JOSE)).body(signer.sign(json));
        }
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .contentType(MediaType.APPLICATION_JSON).body(json);
    }

    private ResponseEntity<Map<String, Object>> answer(FaultPlan.KrrDecision decision, String authorization,
                                                       String body, String path, boolean v1) {
        return decision.fault() != null ? lookup.fault(decision.fault(), path)
                : lookup.answer(authorization, body, path, v1);
    }
}
