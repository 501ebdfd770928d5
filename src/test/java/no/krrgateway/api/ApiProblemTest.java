// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;

/** The API's 405 and 415 (ApiProblem.notTaken): a problem body with Spring's Allow or Accept; other paths left. */
class ApiProblemTest {

    private static final ApiMetrics METRICS = new ApiMetrics(new SimpleMeterRegistry());

    @Test
    void notTaken_apiPath_problemWithTheHeaderNamingWhatIsTaken_otherPathLeftToSpring() throws Exception {
        var response = new MockHttpServletResponse();
        assertThat(ApiProblem.notTaken(new MockHttpServletRequest("GET", "/api/v1/lookups"), response,
                new HttpRequestMethodNotSupportedException("GET", List.of("POST")), METRICS)).isNotNull();
        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeader("Allow")).isEqualTo("POST");
        assertThat(response.getContentAsString()).contains("method-not-allowed").doesNotContain("GET");

        response = new MockHttpServletResponse();
        assertThat(ApiProblem.notTaken(new MockHttpServletRequest("POST", "/api/v1/lookups"), response,
                new HttpMediaTypeNotSupportedException(MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)),
                METRICS)).isNotNull();
        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(response.getHeader("Accept")).isEqualTo("application/json");

        assertThat(ApiProblem.notTaken(new MockHttpServletRequest("GET", "/actuator/health"),
                new MockHttpServletResponse(), new HttpRequestMethodNotSupportedException("GET"), METRICS))
                .as("another path: Spring's own answer").isNull();
    }
}
