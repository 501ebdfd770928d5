// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TestKeys;

/**
 * What every scenario shares, in the runner's JVM: the embedded broker, simulators per latency, keys and ids.
 *
 * @param ids        100,000 valid synthetic ids, sent round and round
 * @param simulators the simulators started so far, by KRR latency
 */
record Bench(Path work, boolean profile, Path clientKey, List<String> ids, Map<Duration, SimulatorServer> simulators)
        implements AutoCloseable {

    /** Starts the embedded broker and writes the client key under {@code work}. */
    static Bench start(Path work, boolean profile) {
        TestBroker.bootstrapServers();
        return new Bench(work, profile, TestKeys.writeJwk(work.resolve("keys"), "bench"), TestIds.valid(100_000, 42),
                new HashMap<>());
    }

    /** The simulator with this KRR latency, started on first use and kept for the run. */
    synchronized SimulatorServer simulator(Duration latency) {
        return simulators.computeIfAbsent(latency, l -> SimulatorServer.start(clientKey,
                Map.of("gateway.simulator.latency", l.toMillis() + "ms", "logging.level.root", "WARN")));
    }

    @Override
    public void close() {
        simulators.values().forEach(SimulatorServer::close);
    }
}
