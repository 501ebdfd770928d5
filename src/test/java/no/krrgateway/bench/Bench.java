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

/** What every scenario shares, in the runner's JVM: the embedded broker, simulators per latency, keys and ids. */
final class Bench implements AutoCloseable {

    private final Path work;
    private final boolean profile;
    private final Path clientKey;
    private final List<String> ids;
    private final Map<Duration, SimulatorServer> simulators = new HashMap<>();

    Bench(Path work, boolean profile) {
        this.work = work;
        this.profile = profile;
        TestBroker.bootstrapServers();
        clientKey = TestKeys.writeJwk(work.resolve("keys"), "bench");
        ids = TestIds.valid(100_000, 42);
    }

    Path work() {
        return work;
    }

    boolean profile() {
        return profile;
    }

    Path clientKey() {
        return clientKey;
    }

    /** 100,000 valid synthetic ids, sent round and round. */
    List<String> ids() {
        return ids;
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
