// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** The audit trail's events (logger krr-gateway.audit) in captured output, as JSON. */
public final class AuditEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditEvents() {
    }

    /** Every audit event logged so far. */
    public static List<JsonNode> all(String logged) {
        return logged.lines().filter(line -> line.contains("krr-gateway.audit") && line.contains("{\"event\""))
                .map(line -> {
                    try {
                        return MAPPER.readTree(line.substring(line.indexOf("{\"event\"")));
                    } catch (Exception e) {
                        throw new AssertionError("an audit line that is not JSON: " + line, e);
                    }
                }).toList();
    }

    /** The lookup events logged so far: one per request. */
    public static List<JsonNode> lookups(String logged) {
        return all(logged).stream().filter(e -> e.get("event").asText().equals("lookup")).toList();
    }
}
