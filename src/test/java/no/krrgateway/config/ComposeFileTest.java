// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and the Dockerfile stay closed: published ports only on loopback, the maintained Kafka UI,
 * base images at exact versions, a numeric non-root user, and no simulator in the gateway's image. (.ci/run also
 * validates the compose file itself.)
 */
class ComposeFileTest {

    /** An exact version: digits with at least one dot (3.9.1, 16.9-alpine, 17.0.15_6-jre-jammy, v1.2.0). */
    private static final String EXACT_TAG = "v?\\d+\\.\\d+[\\w.\\-]*";

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void compose_everyPublishedPort_boundToLoopback() throws Exception {
        List<String> open = new ArrayList<>();
        services().forEach((name, service) -> {
            for (Object port : (List<?>) service.getOrDefault("ports", List.of())) {
                if (!String.valueOf(port).startsWith("127.0.0.1:")) {
                    open.add(name + ": " + port);
                }
            }
        });
        assertThat(services()).isNotEmpty();
        assertThat(open).as("ports published on every interface").isEmpty();
    }

    @Test
    void compose_everyImage_exactVersionAndMaintained() throws Exception {
        List<String> loose = new ArrayList<>();
        services().forEach((name, service) -> {
            String image = String.valueOf(service.get("image"));
            if (image.startsWith("krr-gateway:")) {
                return; // built here
            }
            String tag = image.contains("@sha256:") ? "digest" : image.substring(image.lastIndexOf(':') + 1);
            if (!image.contains(":") || !(tag.equals("digest") || tag.matches(EXACT_TAG))) {
                loose.add(name + ": " + image);
            }
        });
        assertThat(loose).as("images without an exact version").isEmpty();
        assertThat(Files.readString(Path.of("docker-compose.yml"))).doesNotContain("provectuslabs/");
    }

    /**
     * docker compose stop sends SIGTERM, then SIGKILL after stop_grace_period (10 s unless set): a gateway killed
     * mid-stop leaves the group only after its session timeout, so the other instance takes over 45 s late.
     */
    @Test
    void compose_gatewaysStopGracePeriod_coversAStopWithBatchesStuckInKrr() throws Exception {
        java.time.Duration bound = no.krrgateway.deploy.GracefulStopIT.stopBoundWithDefaults();
        for (String gateway : List.of("gateway", "gateway-2")) {
            Object period = services().get(gateway).get("stop_grace_period");
            assertThat(period).as(gateway + ": stop_grace_period").isNotNull();
            assertThat(org.springframework.boot.convert.DurationStyle.detectAndParse(String.valueOf(period)))
                    .as(gateway + ": stop_grace_period").isGreaterThanOrEqualTo(bound);
        }
    }

    @Test
    void dockerfile_exactBaseImagesAndNumericUser() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        // every base image pulled (a FROM that names an earlier stage, such as runtime, pulls nothing)
        List<String> from = lines.stream().filter(line -> line.startsWith("FROM ") && !line.startsWith("FROM runtime"))
                .toList();
        assertThat(from).hasSize(2).allSatisfy(line -> assertThat(line.split("\\s+")[1])
                .matches(".+:(" + EXACT_TAG + "|.+@sha256:[0-9a-f]{64})"));
        assertThat(lines.stream().filter(line -> line.startsWith("USER ")).toList())
                .containsExactly("USER 10001");
        // OpenShift's arbitrary UID is in group 0: the writable paths must belong to group 0 and be group-writable.
        String dockerfile = String.join("\n", lines);
        assertThat(dockerfile).contains("--gid 0", "chown -R 10001:0 /app/data /app/keys",
                "chmod -R g=u /app/data /app/keys");
        // The image's health check uses the main port's probe path, which answers whatever the management address.
        assertThat(dockerfile).contains("http://localhost:8080/readyz");
        // The gateway's image (the last stage, the default target) holds no simulator; compose builds target simulator.
        assertThat(dockerfile.substring(dockerfile.lastIndexOf("\nFROM "))).doesNotContain("simulator");
        assertThat(services().get("simulator").get("build")).isEqualTo(Map.of("context", ".", "target", "simulator"));
    }

    /** Under 2 CPUs or 1792 MB (the pods' 1 GiB) the JVM picks SerialGC; BENCHMARKS.md's figures are G1's. */
    @Test
    void dockerfile_collectorPinnedToTheBenchmarkedOne() throws Exception {
        assertThat(Files.readAllLines(Path.of("Dockerfile")))
                .filteredOn(line -> line.startsWith("ENV JAVA_TOOL_OPTIONS")).singleElement().asString().contains("-XX:+UseG1GC");
    }
}
