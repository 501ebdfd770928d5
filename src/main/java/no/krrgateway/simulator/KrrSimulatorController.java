// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

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
 * {@link SimulatorFaults} decide its delay and fault, and answers at once, or asynchronously once a delay is over.
 */
@Profile("simulator")
@RestController
public class KrrSimulatorController {

    /** Time a delayed answer gets, past its delay, before the servlet container's async timeout may fire. */
    private static final long ANSWER_MARGIN_MILLIS = 60_000;

    private final KrrLookup lookup;
    private final SimulatorFaults faults;
    private final SimulatorStats stats;
    private final SimulatorDelays delays;

    public KrrSimulatorController(KrrLookup lookup, SimulatorFaults faults, SimulatorStats stats,
                                  SimulatorDelays delays) {
        this.lookup = lookup;
        this.faults = faults;
        this.stats = stats;
        this.delays = delays;
    }

    @PostMapping(path = "/krr/rest/v1/personer", produces = MediaType.APPLICATION_JSON_VALUE)
    public Object personsV1(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) String body, HttpServletRequest request) {
        return lookup(authorization, body, request, true);
    }

    @PostMapping(path = "/krr/rest/v2/personer", produces = MediaType.APPLICATION_JSON_VALUE)
    public Object personsV2(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) String body, HttpServletRequest request) {
        return lookup(authorization, body, request, false);
    }

    /** @return the answer, or a {@link DeferredResult} of it when the call is delayed */
    private Object lookup(String authorization, String body, HttpServletRequest request, boolean v1) {
        stats.krrCall();
        String path = request.getRequestURI();
        FaultPlan.KrrDecision decision = faults.decideKrr();
        if (decision.delay().isZero() || decision.delay().isNegative()) {
            return answer(decision, authorization, body, path, v1);
        }
        // A client that gives up early is not noticed: the answer is written (and lost) when the delay is over.
        DeferredResult<ResponseEntity<Map<String, Object>>> result =
                new DeferredResult<>(decision.delay().toMillis() + ANSWER_MARGIN_MILLIS);
        delays.after(decision.delay(), () -> {
            try {
                result.setResult(answer(decision, authorization, body, path, v1));
            } catch (RuntimeException e) {
                result.setErrorResult(e);
            }
        });
        return result;
    }

    private ResponseEntity<Map<String, Object>> answer(FaultPlan.KrrDecision decision, String authorization,
                                                       String body, String path, boolean v1) {
        return decision.fault() != null ? lookup.fault(decision.fault(), path)
                : lookup.answer(authorization, body, path, v1);
    }
}
