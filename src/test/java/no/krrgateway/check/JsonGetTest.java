// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonGetTest {

    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private HttpServer issuer;

    @AfterEach
    void stop() {
        released.countDown();
        issuer.stop(0);
        threads.shutdownNow();
    }

    @Test
    void get_answerStallsAfterItsHeaders_aProblemWithinTheTimeout() throws Exception {
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer.setExecutor(threads);
        issuer.createContext("/.well-known/openid-configuration", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("{\"issuer\": \"".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                released.await(); // the rest of the answer never comes while the test runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        issuer.start();
        var get = new JsonGet(HttpClient.newHttpClient(), new ObjectMapper(), Duration.ofMillis(300));
        URI metadata = URI.create("http://127.0.0.1:" + issuer.getAddress().getPort()
                + "/.well-known/openid-configuration");

        // the check says FAIL instead of waiting for as long as the issuer keeps the connection open
        JsonGet.Answer answer = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> get.get(metadata));
        assertThat(answer.json()).isNull();
        assertThat(answer.problem()).contains("no answer from", "HttpTimeoutException");
    }
}
