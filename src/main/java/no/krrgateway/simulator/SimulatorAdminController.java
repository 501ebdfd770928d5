// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lets tests outside the JVM read the simulator's counters and switch its faults on and off over HTTP. */
@Profile("simulator")
@RestController
@RequestMapping("/simulator")
public class SimulatorAdminController {

    private final SimulatorStats stats;
    private final SimulatorFaults faults;

    public SimulatorAdminController(SimulatorStats stats, SimulatorFaults faults) {
        this.stats = stats;
        this.faults = faults;
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

    @PostMapping("/faults")
    public ResponseEntity<Object> setFaults(@RequestBody SimulatorFaults.Settings settings) {
        try {
            faults.apply(settings);
            return ResponseEntity.noContent().build();
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
    }

    @DeleteMapping("/faults")
    public ResponseEntity<Void> clearFaults() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }
}
