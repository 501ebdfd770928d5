// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import no.krrgateway.KrrGatewayApplication;
import no.krrgateway.simulator.SimulatorApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./mvnw package} builds: the gateway's jar ({@code target/*.jar}) without the simulator, and the
 * simulator's own executable jar ({@code target/simulator/}, what docker compose runs), started here as a process.
 */
class ProductionJarIT {

    @Test
    void gatewayJar_holdsNoSimulator() throws IOException {
        try (JarFile jar = new JarFile(onlyJar(Path.of("target")).toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Start-Class"))
                    .isEqualTo(KrrGatewayApplication.class.getName());
            assertThat(jar.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith("BOOT-INF/classes/no/krrgateway/simulator/")
                            || name.startsWith("BOOT-INF/classes/config/application-simulator")).toList())
                    .as("simulator classes or settings in the gateway's jar (left in target/classes by a build from "
                            + "before src/simulator? ./mvnw clean)").isEmpty();
        }
    }

    @Test
    void simulatorJar_holdsTheSimulatorAndNoTests() throws IOException {
        try (JarFile jar = new JarFile(onlyJar(Path.of("target", "simulator")).toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Start-Class"))
                    .isEqualTo(SimulatorApplication.class.getName());
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).contains("BOOT-INF/classes/no/krrgateway/simulator/SimulatorApplication.class",
                    "BOOT-INF/classes/config/application-simulator.yml");
            assertThat(names).filteredOn(name -> name.matches(".*(Test|IT)(\\$.*)?\\.class")).isEmpty();
        }
    }

    /** The jar runs on its own: no login in front of the simulator, and its signing CA made (BouncyCastle packed). */
    @Test
    void simulatorJar_startsAndAnswers(@TempDir Path folder) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = folder.resolve("simulator.log");
        Process simulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", onlyJar(Path.of("target", "simulator")).toString(), "--server.port=" + port,
                "--management.server.port=0", "--gateway.simulator.signing.folder=" + folder)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + port;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().failFast(() -> !simulator.isAlive())
                    .until(() -> get(http, base + "/simulator/stats").statusCode() == 200);
            HttpResponse<String> ca = get(http, base + "/simulator/signing/ca.pem");
            assertThat(ca.statusCode()).isEqualTo(200);
            assertThat(ca.body()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(folder.resolve("krr-signing-ca.pem")).exists();
        } finally {
            simulator.destroy();
            simulator.waitFor();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path onlyJar(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(file -> file.toString().endsWith(".jar")).toList();
            assertThat(jars).as("the jar in " + folder + " (./mvnw package)").hasSize(1);
            return jars.get(0);
        }
    }
}
