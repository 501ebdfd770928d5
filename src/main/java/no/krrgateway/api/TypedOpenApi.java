// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.processor.DelegateProcessor;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The OpenAPI document with bodies typed by docs/schemas/ (camel-openapi-java types them only from Java classes). Camel
 * prefers a {@link RestApiProcessorFactory} in the registry; each schema keeps its {@code $id} for relative $refs.
 */
@Component
public class TypedOpenApi implements RestApiProcessorFactory {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, JsonNode> schemas = new LinkedHashMap<>();

    /** The schemas are copied from docs/schemas/ into the jar by the build. */
    public TypedOpenApi() throws IOException {
        for (String name : List.of("request", "lookup-response", "result", "error", "problem")) {
            String file = "schemas/" + name + ".schema.json";
            schemas.put(name, mapper.readTree(new ClassPathResource(file).getInputStream()));
        }
    }

    @Override
    public Processor createApiProcessor(CamelContext camelContext, String contextPath, RestConfiguration configuration,
            Map<String, Object> parameters) throws Exception {
        // DelegateProcessor starts and stops the generated one with itself
        return new DelegateProcessor(new OpenApiRestApiProcessorFactory().createApiProcessor(camelContext, contextPath,
                configuration, parameters)) {
            @Override
            public void process(Exchange exchange) throws Exception {
                super.process(exchange);
                Message message = exchange.getMessage();
                String type = message.getHeader(Exchange.CONTENT_TYPE, String.class);
                if (type != null && type.contains("json")) {
                    message.setBody(mapper.writeValueAsBytes(typed((ObjectNode) mapper.readTree(
                            message.getMandatoryBody(byte[].class)))));
                }
            }
        };
    }

    ObjectNode typed(ObjectNode document) {
        document.putArray("servers").addObject().put("url", "/"); // the server it came from; Camel's: http://0.0.0.0
        ObjectNode components = document.withObject("/components/schemas");
        schemas.forEach((name, schema) -> components.set(name, schema.deepCopy()));
        for (JsonNode path : document.path("paths")) {
            for (JsonNode operation : path) {
                if (operation.get("requestBody") instanceof ObjectNode body) {
                    body.set("content", content(MediaType.APPLICATION_JSON_VALUE, "request"));
                }
                operation.path("responses").fields().forEachRemaining(response -> ((ObjectNode) response.getValue())
                        .set("content", response.getKey().startsWith("2")
                                ? content(MediaType.APPLICATION_JSON_VALUE, "lookup-response")
                                : content(MediaType.APPLICATION_PROBLEM_JSON_VALUE, "problem")));
            }
        }
        return document;
    }

    private ObjectNode content(String mediaType, String schema) {
        return mapper.createObjectNode().set(mediaType, mapper.createObjectNode().set("schema",
                mapper.createObjectNode().put("$ref", "#/components/schemas/" + schema)));
    }
}
