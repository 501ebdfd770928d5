// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import no.krrgateway.support.FloodingServer;
import no.krrgateway.support.StallingServer;
import org.junit.jupiter.api.Test;

class JsonGetTest {

    @Test
    void get_answerStallsAfterItsHeaders_aProblemWithinTheTimeout() {
        try (StallingServer issuer = new StallingServer("/.well-known/openid-configuration", "{\"issuer\": \"")) {
            var get = new JsonGet(HttpClient.newHttpClient(), new ObjectMapper(), Duration.ofMillis(300));

            // the check says FAIL instead of waiting for as long as the issuer keeps the connection open
            JsonGet.Answer answer = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> get.get(issuer.uri("/.well-known/openid-configuration")));
            assertThat(answer.json()).isNull();
            assertThat(answer.problem()).contains("no answer from", "HttpTimeoutException");
        }
    }

    @Test
    void get_answerOverOneMegabyte_aProblemAndTheConnectionClosed() {
        try (FloodingServer issuer = new FloodingServer("/.well-known/openid-configuration", "{\"issuer\": \"", 0)) {
            var get = new JsonGet(HttpClient.newHttpClient(), new ObjectMapper(), Duration.ofSeconds(20));

            JsonGet.Answer answer = get.get(issuer.uri("/.well-known/openid-configuration"));
            assertThat(answer.json()).isNull();
            assertThat(answer.problem()).contains("no answer from", "over 1048576 bytes");
            await().atMost(Duration.ofSeconds(20)).until(issuer::closedByClient);
        }
    }
}
