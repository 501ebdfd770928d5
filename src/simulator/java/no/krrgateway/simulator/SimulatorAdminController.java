// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets tests outside the JVM read the simulator's counters and change its faults while it runs: POST replaces all
 * fault settings, PATCH merges into them, DELETE switches them all off, GET shows what is in force.
 */
@Profile("simulator")
@RestController
@RequestMapping("/simulator")
public class SimulatorAdminController {

    private final SimulatorStats stats;
    private final SimulatorFaults faults;
    private final ObjectReader settingsReader;
    private final KrrAnswerSigner signer;

    public SimulatorAdminController(SimulatorStats stats, SimulatorFaults faults, ObjectMapper objectMapper,
                                    KrrAnswerSigner signer) {
        this.signer = signer;
        this.stats = stats;
        this.faults = faults;
        // Strict about unknown fields, so a misspelt fault is refused rather than silently not injected.
        this.settingsReader = objectMapper.readerFor(FaultSettings.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @GetMapping("/stats")
    public SimulatorStats.Snapshot stats() {
        return stats.snapshot();
    }

    @PostMapping("/stats/reset")
    public ResponseEntity<Void> resetStats() {
        stats.reset();
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/faults")
    public FaultSettings faults() {
        return faults.current();
    }

    @PostMapping("/faults")
    public ResponseEntity<Void> replaceFaults(@RequestBody String settings) {
        faults.replace(read(settings));
        return ResponseEntity.noContent().build();
    }

    @PatchMapping("/faults")
    public ResponseEntity<Void> mergeFaults(@RequestBody String patch) {
        faults.merge(read(patch));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/faults")
    public ResponseEntity<Void> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }

    /** The fault of signed answers: NONE, TAMPERED, WRONG_ORG, EXPIRED, UNKNOWN_CA or NOT_FOR_SIGNING. */
    @GetMapping("/signing/fault")
    public KrrAnswerSigner.Fault signingFault() {
        return signer.fault();
    }

    @PutMapping("/signing/fault/{fault}")
    public ResponseEntity<Void> signingFault(@PathVariable KrrAnswerSigner.Fault fault) {
        signer.fault(fault);
        return ResponseEntity.noContent().build();
    }

    /** The test CA that issues the signer certificates: a gateway's {@code gateway.krr.signed-answers.trust-anchors}. */
    @GetMapping(path = "/signing/ca.pem", produces = "application/x-pem-file")
    public String signingCa() {
        return signer.caPem();
    }

    private FaultSettings read(String json) {
        try {
            return settingsReader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> refused(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
