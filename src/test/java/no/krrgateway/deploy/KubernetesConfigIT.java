// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.FileSystemResource;

/**
 * The gateway as the Kubernetes manifests run it: with the ConfigMap's application.yml
 * (deploy/kubernetes/base/application.yml), the kubelet's probes answer on the main port and Prometheus scrapes the
 * management port on the pod's address, not only on loopback. The ConfigMap's KRR, Maskinporten, Kafka and folder
 * settings point at real services; they are replaced by the simulator's and the test broker's here.
 */
class KubernetesConfigIT {

    static final String CONFIG_MAP_APPLICATION_YML = "deploy/kubernetes/base/application.yml";

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    /**
     * The ConfigMap logs ECS JSON. Spring Boot keeps a structured format as a system property once one application
     * set it, so later tests in this JVM would log JSON too.
     */
    @AfterAll
    static void linesAgain() {
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
    }

    @Test
    void configMapSettings_probesOnMainPort_prometheusOnPodAddress() {
        String podAddress = nonLoopbackAddress();
        Map<String, Object> properties = new HashMap<>(configMapSettings());
        properties.putAll(simulator.gatewayProperties(TestBroker.createTopics("k8s-" + System.nanoTime(), 1), "k8s"));
        try (var gateway = GatewayProcess.start(properties)) {
            Awaitility.await("/readyz 200 on the main port").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> Actuator.getOnServerPort(gateway, "/readyz").status() == 200);
            assertThat(Actuator.getOnServerPort(gateway, "/livez").status()).isEqualTo(200);

            Actuator.Response scrape = Actuator.get(podAddress, Actuator.port(gateway), "/actuator/prometheus");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.body()).contains("gateway_kafka_consumer_lag_records", "jvm_memory_used_bytes");
            // Metrics stay off the main port, which the Service publishes.
            assertThat(Actuator.getOnServerPort(gateway, "/actuator/prometheus").status()).isEqualTo(404);
        }
    }

    /** Why the ConfigMap sets management.server.address: as shipped, the management port answers on loopback only. */
    @Test
    void shippedDefaults_managementPortNotOnPodAddress() {
        String podAddress = nonLoopbackAddress();
        var properties = simulator.gatewayProperties(TestBroker.createTopics("k8s-lo-" + System.nanoTime(), 1), "k8s");
        try (ConfigurableApplicationContext gateway = GatewayProcess.start(properties)) {
            assertThat(Actuator.get(gateway, "/actuator/prometheus").status()).isEqualTo(200);
            assertThatThrownBy(() -> Actuator.get(podAddress, Actuator.port(gateway), "/actuator/prometheus"))
                    .hasCauseInstanceOf(java.net.ConnectException.class);
        }
    }

    /** The ConfigMap's settings, less those that name real services or folders. */
    static Map<String, Object> configMapSettings() {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource(CONFIG_MAP_APPLICATION_YML));
        Properties all = yaml.getObject();
        Map<String, Object> settings = new HashMap<>();
        all.stringPropertyNames().stream()
                .filter(name -> !name.startsWith("gateway.krr.") && !name.startsWith("gateway.maskinporten.")
                        && !name.startsWith("camel.component.kafka.") && !name.startsWith("gateway.files."))
                .forEach(name -> settings.put(name, all.getProperty(name)));
        assertThat(settings).containsEntry("management.server.address", "0.0.0.0");
        return settings;
    }

    private static String nonLoopbackAddress() {
        Optional<String> address = Optional.empty();
        try {
            address = NetworkInterface.networkInterfaces()
                    .filter(nic -> {
                        try {
                            return nic.isUp() && !nic.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(Inet4Address.class::isInstance)
                    .map(InetAddress::getHostAddress)
                    .findFirst();
        } catch (SocketException e) {
            // no interfaces readable: skipped below
        }
        Assumptions.assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to scrape from");
        return address.get();
    }
}
