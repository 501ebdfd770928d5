// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may act for which consumer_org: the own org (maskinporten.consumer-org, or none) for any scoped API client and
 * gateway.topics.requests; a tenant for its api-clients and request-topics. Own-org lookups carry null to share calls.
 */
public final class Tenants {

    private final String ownOrg;
    private final String requestsTopic;
    private final Map<String, TenantProperties.Tenant> tenants;
    /** Each tenant's request topic, sorted, to its org. */
    private final Map<String, String> topicOrgs = new TreeMap<>();

    public Tenants(String ownOrg, String requestsTopic, Map<String, TenantProperties.Tenant> tenants) {
        this.ownOrg = ownOrg == null || ownOrg.isBlank() ? null : ownOrg;
        this.requestsTopic = requestsTopic;
        this.tenants = Map.copyOf(tenants);
        if (this.ownOrg != null && this.tenants.containsKey(this.ownOrg)) {
            throw new IllegalStateException("gateway.tenants." + ownOrg + " is gateway.maskinporten.consumer-org, the "
                    + "own org, which every API client and gateway.topics.requests act for: remove the tenant");
        }
        for (var tenant : this.tenants.entrySet()) {
            for (String topic : tenant.getValue().requestTopics()) {
                if (topic.equals(requestsTopic)) {
                    throw new IllegalStateException("gateway.tenants." + tenant.getKey() + ".request-topics lists "
                            + "gateway.topics.requests (" + topic + "), whose records act for the gateway's own "
                            + "organisation: give the tenant a topic of its own");
                }
                String other = topicOrgs.put(topic, tenant.getKey());
                if (other != null && !other.equals(tenant.getKey())) {
                    throw new IllegalStateException("topic " + topic + " is listed in the request-topics of both "
                            + "gateway.tenants." + other + " and gateway.tenants." + tenant.getKey()
                            + ": a topic acts for one tenant");
                }
            }
        }
    }

    public boolean allowsClient(String named, String clientId) {
        if (isOwn(named)) {
            return true;
        }
        TenantProperties.Tenant tenant = tenants.get(named);
        return tenant != null && tenant.apiClients().contains(clientId);
    }

    /** The org it names, else the topic's tenant, else null (the gateway's own). */
    public String recordOrg(String topic, String named) {
        return lookupOrg(named != null ? named : topicOrgs.get(topic));
    }

    public boolean allowsTopic(String topic, String named) {
        return named == null || isOwn(named) && topic.equals(requestsTopic) || named.equals(topicOrgs.get(topic));
    }

    public String lookupOrg(String named) {
        return isOwn(named) ? null : named;
    }

    /** {@code gateway.topics.requests} first, then the tenants'. */
    public List<String> requestTopics() {
        return Stream.concat(Stream.of(requestsTopic), topicOrgs.keySet().stream()).toList();
    }

    /** Each topic named once: an input named as an output too would be read back as requests. */
    public Map<String, String> withTenantTopics(Map<String, String> gatewayTopics) {
        Map<String, String> all = new LinkedHashMap<>(gatewayTopics);
        topicOrgs.forEach((topic, org) -> all.put("gateway.tenants." + org + ".request-topics (" + topic + ")", topic));
        Map<String, String> byTopic = new HashMap<>();
        all.forEach((property, topic) -> {
            String other = byTopic.putIfAbsent(topic, property);
            if (other != null) {
                throw new IllegalStateException(other + " and " + property + " name the same topic " + topic
                        + ": give each its own (docs/contract.md §5)");
            }
        });
        return all;
    }

    private boolean isOwn(String org) {
        return org == null || org.equals(ownOrg);
    }

    /**
     * @param tenants customers besides the own org by organisation number (Maskinporten's consumer_org), and who may
     *                act for each; an org not listed can be named by nobody; empty (the default): only the own org
     */
    @Validated
    @ConfigurationProperties("gateway")
    public record TenantProperties(
            @NotNull @DefaultValue Map<@Pattern(regexp = "\\d{9}", message = "must be a 9-digit organisation number")
                    String, @Valid @NotNull Tenant> tenants) {

        /**
         * @param apiClients    client ids (gateway.api.client-id-claim) whose API requests may name this org;
         *                      default none
         * @param requestTopics Kafka topics, read beside gateway.topics.requests, whose records act for this org:
         *                      one without consumerOrg is for it, and only these may name it; default none
         */
        public record Tenant(@NotNull @DefaultValue List<@NotBlank String> apiClients,
                             @NotNull @DefaultValue List<@NotBlank String> requestTopics) {
        }
    }
}
