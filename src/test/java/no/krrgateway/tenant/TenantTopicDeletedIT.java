// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A tenant's request topic deleted while the gateway consumes it: the main topic and other tenants go on. */
class TenantTopicDeletedIT {

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @Test
    void tenantTopicDeleted_theOthersServedAndCommitted() throws Exception {
        var topics = TestBroker.createTopics("deleted", 2);
        String doomed = TestBroker.createTopic("deleted.a.requests", 2);
        String kept = TestBroker.createTopic("deleted.b.requests", 2);
        Map<String, Object> properties = simulator.gatewayProperties(topics, "deleted");
        properties.put("gateway.tenants.910000001.request-topics[0]", doomed);
        properties.put("gateway.tenants.910000002.request-topics[0]", kept);
        List<String> ids = TestIds.valid(6, 251);
        try (var gateway = GatewayProcess.start(properties);
             var outcomes = new OutcomeCollector(topics.results(), topics.errors())) {
            new RequestProducer(doomed).send("a-1", ids.subList(0, 1), null);
            new RequestProducer(kept).send("b-1", ids.subList(1, 2), null);
            new RequestProducer(topics.requests()).send("own-1", ids.subList(2, 3), null);
            assertThat(outcomes.awaitAtLeast(3, Duration.ofSeconds(60))).hasSize(3);

            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
            try (Admin client = Admin.create(admin)) {
                client.deleteTopics(List.of(doomed)).all().get();
            }
            new RequestProducer(kept).send("b-2", ids.subList(3, 4), null);
            new RequestProducer(topics.requests()).send("own-2", ids.subList(4, 6), null);

            var after = outcomes.awaitAtLeast(6, Duration.ofSeconds(90));
            assertThat(after).extracting(OutcomeCollector.Outcome::requestAndId).as("served after the deletion")
                    .contains("b-2/" + ids.get(3), "own-2/" + ids.get(4), "own-2/" + ids.get(5));
        }
    }
}
