// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import no.krrgateway.api.TestTokenIssuer;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The management endpoints as shipped: on their own port, on loopback, health details hidden from an anonymous
 * caller while the probes answer UP/DOWN, details shown to a caller whose token carries the operations scope, and
 * nothing of the actuator on the main port; endpoints an operator exposes besides health need the operations scope,
 * whatever other token of the same issuer a caller holds.
 */
class ManagementSecurityIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path keys;

    @Test
    void management_asShipped_closedToAnonymousOpenToOperationsToken() throws Exception {
        RSAKey tokenKey = new RSAKeyGenerator(2048).keyID("ops").generate();
        Path publicKey = keys.resolve("ops.pub.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder()
                .encodeToString(tokenKey.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path clientKey = TestKeys.writeJwk(keys, "management");
        var topics = TestBroker.createTopics("management", 1);
        try (var simulator = SimulatorServer.start(clientKey, Map.of())) {
            Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(topics,
                    "management"));
            // As shipped: the test defaults that open health details and metrics for the other tests are taken back.
            properties.put("management.endpoint.health.show-details", "when-authorized");
            properties.put("gateway.management.public-endpoints", "health");
            properties.put("spring.security.oauth2.resourceserver.jwt.public-key-location", publicKey.toUri());
            try (var gateway = GatewayProcess.start(properties)) {
                assertThat(gateway.getEnvironment().getProperty("management.server.address")).isEqualTo("127.0.0.1");
                int management = Integer.parseInt(gateway.getEnvironment().getProperty("local.management.port"));
                int main = ((WebServerApplicationContext) gateway).getWebServer().getPort();
                assertThat(management).isNotEqualTo(main);

                HttpResponse<String> health = get(management, "/actuator/health", null);
                JsonNode anonymous = MAPPER.readTree(health.body());
                assertThat(anonymous.has("status")).isTrue();
                assertThat(anonymous.has("components")).as("components shown to an anonymous caller").isFalse();
                assertThat(health.body()).doesNotContain("clusterId").doesNotContain("kid");

                for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
                    HttpResponse<String> answer = get(management, probe, null);
                    assertThat(answer.statusCode()).as(probe).isIn(200, 503);
                    assertThat(MAPPER.readTree(answer.body()).fieldNames()).toIterable().as(probe)
                            .containsExactly("status");
                }
                HttpResponse<String> metrics = get(management, "/actuator/prometheus", null);
                assertThat(metrics.statusCode()).as("metrics, anonymous").isEqualTo(401);
                assertThat(metrics.headers().allValues("WWW-Authenticate")).as("no basic auth, no login form")
                        .isNotEmpty().allMatch(challenge -> challenge.startsWith("Bearer"));
                assertThat(get(management, "/actuator/prometheus", token(tokenKey, "krr-gateway.operations"))
                        .statusCode()).as("metrics, operations token").isEqualTo(200);
                assertThat(get(main, "/actuator/health", null).statusCode()).as("actuator on the main port")
                        .isEqualTo(404);

                JsonNode operations = MAPPER.readTree(get(management, "/actuator/health",
                        token(tokenKey, "krr-gateway.operations")).body());
                assertThat(operations.has("components")).as("details for the operations scope").isTrue();
                JsonNode otherScope = MAPPER.readTree(get(management, "/actuator/health",
                        token(tokenKey, "krr:global/kontaktinformasjon.read")).body());
                assertThat(otherScope.has("components")).as("details for another scope").isFalse();
            }
        }
    }

    /**
     * An operator exposes {@code heapdump} and {@code env}: a lookup token (valid, same issuer, JWK set served over
     * HTTP) gets 403 from both and no health details; the operations token gets 200; anonymous callers 401, and the
     * health status only.
     */
    @Test
    void heapdumpAndEnvExposed_lookupToken403_operationsToken200_anonymousStatusOnly() throws Exception {
        var topics = TestBroker.createTopics("management-exposed", 1);
        try (var simulator = SimulatorServer.start(TestKeys.writeJwk(keys, "exposed"), Map.of());
             var issuer = new TestTokenIssuer()) {
            Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(topics,
                    "management-exposed"));
            properties.put("management.endpoint.health.show-details", "when-authorized");
            properties.put("gateway.management.public-endpoints", "health");
            properties.put("management.endpoints.web.exposure.include", "health,info,prometheus,heapdump,env");
            // Spring Boot 3.4+ keeps heapdump off (access none) even when exposed: the careless operator allows it too.
            properties.put("management.endpoint.heapdump.access", "unrestricted");
            properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri());
            properties.put("gateway.api.enabled", "true");
            try (var gateway = GatewayProcess.start(properties)) {
                int management = Integer.parseInt(gateway.getEnvironment().getProperty("local.management.port"));
                String lookup = issuer.token("krr-gateway:lookup");
                String operations = issuer.token("krr-gateway.operations");

                for (String endpoint : new String[] {"/actuator/heapdump", "/actuator/env"}) {
                    assertThat(get(management, endpoint, null).statusCode()).as(endpoint + ", anonymous")
                            .isEqualTo(401);
                    HttpResponse<String> withLookupToken = get(management, endpoint, lookup);
                    assertThat(withLookupToken.statusCode()).as(endpoint + ", lookup token").isEqualTo(403);
                    assertThat(withLookupToken.body()).as(endpoint + ", lookup token").doesNotContain("gateway.");
                }
                HttpResponse<String> env = get(management, "/actuator/env", operations);
                assertThat(env.statusCode()).as("env, operations token").isEqualTo(200);
                assertThat(env.body()).contains("propertySources");
                HttpResponse<Void> heapdump = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + management + "/actuator/heapdump")).timeout(Duration.ofMinutes(2))
                        .header("Authorization", "Bearer " + operations).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(heapdump.statusCode()).as("heapdump, operations token").isEqualTo(200);

                JsonNode anonymous = MAPPER.readTree(get(management, "/actuator/health", null).body());
                assertThat(anonymous.has("status")).isTrue();
                assertThat(anonymous.has("components")).as("anonymous health, details").isFalse();
                JsonNode lookupHealth = MAPPER.readTree(get(management, "/actuator/health", lookup).body());
                assertThat(lookupHealth.has("components")).as("health, lookup token, details").isFalse();
                assertThat(MAPPER.readTree(get(management, "/actuator/health", operations).body()).has("components"))
                        .as("health, operations token").isTrue();
            }
        }
    }

    private static String token(RSAKey key, String scope) throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer("https://ops.example/").subject("operator")
                .claim("scope", scope).issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> get(int port, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
