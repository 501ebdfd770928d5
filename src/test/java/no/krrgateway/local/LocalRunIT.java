// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import no.krrgateway.support.GatewayProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's local run ({@link LocalGatewayLauncher}) in a JVM of its own, in a folder of its own. */
class LocalRunIT {

    @TempDir
    Path folder;

    private Process run;

    @AfterEach
    void kill() {
        if (run != null) {
            run.destroyForcibly();
        }
    }

    @Test
    void failedStart_endsTheProcess() throws Exception {
        // a setting start-up refuses, read once the broker runs: its threads kept the JVM, and mvnw, waiting
        start("--gateway.krr.batch-size=0");

        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the run ended after its failed start").isTrue();
        assertThat(run.exitValue()).isNotZero();
    }

    @Test
    void sigterm_stopsWithoutAnError() throws Exception {
        start();
        await().atMost(Duration.ofSeconds(120))
                .until(() -> Files.readString(folder.resolve("run.log")).contains("krr-gateway runs locally"));

        run.destroy();

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
        // the broker stopped beside the gateway, not after it: "LeaveGroup request ... failed" at ERROR
        assertThat(Files.readAllLines(folder.resolve("run.log"))).noneMatch(line -> line.contains(" ERROR "));
        assertThat(folder.resolve("data/inbox/.krr-gateway-owner")).doesNotExist();
    }

    private void start(String... settings) throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", GatewayProcess.classPath(), LocalGatewayLauncher.class.getName(),
                "--server.port=" + port, "--management.server.port=0"));
        command.addAll(List.of(settings));
        run = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("run.log").toFile()).start();
    }
}
