// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /actuator/info says which build is running: the pom's build-info goal (build.*) and, in a git checkout, the
 * commit (git.*). The info contributors do not depend on the gateway's beans, so the light simulator process serves.
 */
class BuildInfoIT {

    @TempDir
    static Path keys;

    @Test
    void info_builtByMaven_carriesBuildVersionAndCommit() throws Exception {
        // info needs the operations token as shipped (ManagementSecurityIT); public here, as an operator may list it
        try (var process = SimulatorServer.start(TestKeys.writeJwk(keys, "info"),
                Map.of("gateway.management.public-endpoints", "health,info"))) {
            Actuator.Response response = Actuator.get(process.context(), "/actuator/info");
            assertThat(response.status()).isEqualTo(200);
            JsonNode info = new ObjectMapper().readTree(response.body());

            assertThat(info.at("/build/artifact").asText()).isEqualTo("krr-gateway");
            assertThat(info.at("/build/version").asText()).as(response.body()).isNotBlank();
            assertThat(info.at("/build/time").asText()).isNotBlank();
            if (Files.exists(Path.of(".git"))) {
                assertThat(info.at("/git/commit/id").asText()).as(response.body()).matches("[0-9a-f]{7,40}");
                assertThat(info.at("/git/branch").asText()).isNotBlank();
            }
        }
    }

    /**
     * The CycloneDX SBOM that cyclonedx-maven-plugin writes into the jar, at /actuator/sbom/application. The plugin
     * runs only when Maven is online: an offline build (-o) has none, and this test then skips, except in CI.
     */
    @Test
    void sbom_builtWithTheJar_servedAsCycloneDx() throws Exception {
        boolean built = BuildInfoIT.class.getClassLoader().getResource("META-INF/sbom/application.cdx.json") != null;
        if (!built) {
            assertThat(System.getenv("CI")).as("no SBOM in the build: cyclonedx-maven-plugin skips offline builds")
                    .isNull();
            org.junit.jupiter.api.Assumptions.abort("no META-INF/sbom/application.cdx.json: built offline (-o), "
                    + "where cyclonedx-maven-plugin does not run; ./mvnw -B generate-resources makes it");
        }
        // public here, as an operator may list it; as shipped it needs the operations token like info
        try (var process = SimulatorServer.start(TestKeys.writeJwk(keys, "sbom"),
                Map.of("gateway.management.public-endpoints", "health,info,sbom"))) {
            Actuator.Response list = Actuator.get(process.context(), "/actuator/sbom");
            assertThat(list.status()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(list.body()).path("ids").toString()).contains("application");

            Actuator.Response response = Actuator.get(process.context(), "/actuator/sbom/application");
            assertThat(response.status()).isEqualTo(200);
            JsonNode bom = new ObjectMapper().readTree(response.body());
            assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
            assertThat(bom.at("/metadata/component/name").asText()).isEqualTo("krr-gateway");
            List<String> components = new java.util.ArrayList<>();
            bom.path("components").forEach(c -> components.add(c.path("group").asText() + ":" + c.path("name").asText()));
            assertThat(components).contains("org.apache.camel:camel-core-engine", "org.apache.kafka:kafka-clients",
                    "org.springframework.boot:spring-boot");
            // test-scoped libraries are not shipped, so not listed
            assertThat(components).doesNotContain("org.springframework.kafka:spring-kafka-test");
        }
    }
}
