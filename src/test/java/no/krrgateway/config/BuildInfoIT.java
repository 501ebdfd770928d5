// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (var process = SimulatorServer.start(TestKeys.writeJwk(keys, "info"), Map.of())) {
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
}
