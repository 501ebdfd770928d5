// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import no.krrgateway.config.EndpointGuard.Endpoint;
import org.junit.jupiter.api.Test;

class EndpointGuardTest {

    private static List<Endpoint> krr(String url) {
        return List.of(new Endpoint("gateway.krr.base-url", URI.create(url)));
    }

    @Test
    void apiWithoutAuth_remoteKrr_refusedUnlessAllowRemote() {
        assertThat(EndpointGuard.problems(krr("https://kontaktregisteret.no/"), false, false, true))
                .singleElement().asString().contains("gateway.api.auth=none").contains("gateway.krr.base-url");
        assertThat(EndpointGuard.problems(krr("http://localhost:8080/krr"), false, false, true)).isEmpty();
        assertThat(EndpointGuard.problems(krr("https://krr.example/"), true, false, true)).isEmpty();
    }

    /** A simulator setting left in the krr-test or production profile opens no door to Digdir's KRR. */
    @Test
    void apiWithoutAuth_allowRemoteButDigdirsKrr_refused() {
        for (String url : new String[] {"https://kontaktregisteret.no/", "https://test.kontaktregisteret.no",
                "https://KONTAKTREGISTERET.NO./"}) {
            assertThat(EndpointGuard.problems(krr(url), true, false, true)).as(url).singleElement().asString()
                    .contains("gateway.simulator.allow-remote", "Digdir");
        }
    }

    @Test
    void apiWithoutAuth_loopbackKrr_allowed() {
        for (String url : List.of("http://localhost:8080/krr", "http://127.0.0.1:1/", "http://[::1]:2/",
                "http://gw.localhost/")) {
            assertThat(EndpointGuard.problems(krr(url), false, false, true)).as(url).isEmpty();
        }
    }

    @Test
    void http_offLoopback_refusedUnlessAllowHttp() {
        assertThat(EndpointGuard.problems(krr("http://krr.example/"), false, false, false)).singleElement()
                .asString().contains("https").contains("gateway.endpoints.allow-http");
        assertThat(EndpointGuard.problems(krr("http://krr.example/"), false, true, false)).isEmpty();
        assertThat(EndpointGuard.problems(krr("https://krr.example/"), false, false, false)).isEmpty();
        assertThat(EndpointGuard.problems(krr("http://localhost:9/"), false, false, false)).isEmpty();
    }

    @Test
    void loopback_decidedByNameNotDns() {
        assertThat(EndpointGuard.isLoopback(URI.create("http://localhost.evil.example/"))).isFalse();
        assertThat(EndpointGuard.isLoopback(URI.create("http://127.0.0.1.nip.io/"))).isFalse();
        assertThat(EndpointGuard.isLoopback(URI.create("http://127.10.0.1/"))).isTrue();
    }

    @Test
    void problem_urlCredentials_notShown() {
        assertThat(EndpointGuard.problems(krr("http://u:pw123@krr.example/"), false, false, false))
                .singleElement().asString().doesNotContain("pw123");
    }
}
