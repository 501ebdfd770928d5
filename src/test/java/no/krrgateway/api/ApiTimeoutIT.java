// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import no.krrgateway.simulator.TestPersons;
import no.krrgateway.support.ApiGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API answers within gateway.api.timeout (docs/contract.md §7) even where Spring MVC's own async timeout is shorter:
 * spring.mvc.async.request-timeout, or the container's 30 s where it is unset, cut a slow lookup off with Spring's bare
 * 503 (no problem body, no Retry-After) before the API's timeout.
 */
class ApiTimeoutIT {

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api-timeout", 1, Map.of("gateway.simulator.latency", "3s"),
            properties -> {
                properties.put("spring.mvc.async.request-timeout", "1s");
                properties.put("gateway.api.timeout", "20s");
            });

    @Test
    void lookupSlowerThanSpringsAsyncTimeout_answeredWithinTheApisTimeout() throws Exception {
        HttpResponse<String> response = api.post("{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id()
                + "\"]}", api.token(), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).path("outcomes")).hasSize(1);
    }
}
