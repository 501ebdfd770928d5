// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.maskinporten.AccessTokenProvider;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * A bridge for {@code LookupEngine}, which takes a {@link KrrClient}: each of its KRR calls goes through route
 * {@code krr-call} (direct:krr-call), so that the route's circuit breaker guards it, and the route's exceptions come
 * back as they were thrown (a {@code KrrRejectedException} for the engine to halve on, the other KrrExceptions).
 * Goes when the lookup flow itself is a route that sends each call to direct:krr-call (issue 16).
 */
final class KrrCallRoute extends KrrClient {

    private final ProducerTemplate template;

    KrrCallRoute(HttpClient http, ObjectMapper mapper, AccessTokenProvider tokens, KrrProperties properties,
                 ProducerTemplate template) {
        super(http, mapper, tokens, properties);
        this.template = template;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, KrrPerson> lookup(List<String> ids, String consumerOrg) {
        Exchange done = template.send("direct:krr-call", exchange ->
                exchange.getMessage().setBody(new KrrBatch(ids, consumerOrg)));
        if (done.getException() instanceof RuntimeException failure) {
            throw failure;
        }
        if (done.getException() != null) {
            throw new IllegalStateException("route krr-call failed", done.getException());
        }
        return done.getMessage().getBody(Map.class);
    }
}
