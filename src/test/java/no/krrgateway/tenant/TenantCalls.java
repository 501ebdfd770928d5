// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import no.krrgateway.api.TestTokenIssuer;

/** What the tenant ITs send and read: API lookups as a client of a tenant, Kafka requests naming one, audit events. */
final class TenantCalls {

    static final String SCOPE = "krr-gateway:lookup";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TenantCalls() {
    }

    /** {@code POST /api/v1/lookups} with a token of {@code client}, naming {@code consumerOrg} unless null. */
    static HttpResponse<String> post(String api, TestTokenIssuer issuer, String consumerOrg, List<String> ids,
                                     String client) throws Exception {
        String body = "{" + (consumerOrg == null ? "" : "\"consumerOrg\":\"" + consumerOrg + "\",")
                + "\"personidentifikatorer\":" + array(ids) + "}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/lookups"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + issuer.token(SCOPE, client))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Kafka request record naming {@code consumerOrg}. */
    static String request(String requestId, String consumerOrg, List<String> ids) {
        return "{\"requestId\":\"" + requestId + "\",\"consumerOrg\":\"" + consumerOrg + "\",\"personidentifikatorer\":"
                + array(ids) + "}";
    }

    /** The audit trail's lookup events logged so far. */
    static List<JsonNode> audit(String logged) {
        return logged.lines().filter(line -> line.contains("krr-gateway.audit") && line.contains("{\"event\":\"lookup\""))
                .map(line -> {
                    try {
                        return MAPPER.readTree(line.substring(line.indexOf("{\"event\"")));
                    } catch (Exception e) {
                        throw new AssertionError("an audit line that is not JSON: " + line, e);
                    }
                }).toList();
    }

    private static String array(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
