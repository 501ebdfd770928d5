// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.client.RestTemplate;

class HttpAnswersTest {

    /** Up to the most, chunked or with a Content-Length, the body comes whole and unchanged; one byte more: refused. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void send_bodyOfExactlyTheMost_takenWholeAndOneByteMoreRefused(boolean chunked) throws Exception {
        byte[] most = new byte[300_000];
        new Random(7).nextBytes(most);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int length = exchange.getRequestURI().getPath().endsWith("more") ? most.length + 1 : most.length;
            exchange.sendResponseHeaders(200, chunked ? 0 : length);
            for (int at = 0; at < length; at += 1000) { // in many writes: many buffers
                exchange.getResponseBody().write(Arrays.copyOfRange(most, at, Math.min(at + 1000, length)));
            }
            exchange.close();
        });
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String root = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertThat(HttpAnswers.send(http, request(root), most.length).body()).isEqualTo(most);
            assertThatThrownBy(() -> HttpAnswers.send(http, request(root + "more"), most.length))
                    .isInstanceOf(HttpAnswers.TooLarge.class).hasMessage("the answer is over 300000 bytes");
        } finally {
            server.stop(0);
        }
    }

    /** An issuer's answer up to 1 MB comes whole, and again from memory within 30 s; one byte more: refused. */
    @Test
    void restTemplate_answerOfExactlyOneMegabyte_takenAndReusedOneByteMoreRefused() throws Exception {
        byte[] most = new byte[(int) HttpAnswers.ONE_MB];
        new Random(7).nextBytes(most);
        AtomicInteger asked = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            int length = exchange.getRequestURI().getPath().endsWith("more") ? most.length + 1 : most.length;
            exchange.sendResponseHeaders(200, length);
            exchange.getResponseBody().write(Arrays.copyOf(most, length));
            exchange.close();
        });
        server.start();
        try {
            RestTemplate rest = HttpAnswers.restTemplate(HttpClient.newHttpClient(), Duration.ofSeconds(20));
            String root = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertThat(rest.getForObject(root + "most", byte[].class)).isEqualTo(most);
            assertThat(rest.getForObject(root + "most", byte[].class)).isEqualTo(most);
            assertThat(asked).hasValue(1);
            assertThatThrownBy(() -> rest.getForObject(root + "more", byte[].class))
                    .hasRootCauseInstanceOf(HttpAnswers.TooLarge.class);
        } finally {
            server.stop(0);
        }
    }

    private static HttpRequest request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build();
    }
}
