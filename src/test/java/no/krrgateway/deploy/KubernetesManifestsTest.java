// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;

/**
 * Parses every manifest in deploy/kubernetes with the Kubernetes object model (fabric8.s, as the Kubernetes Java
 * client uses) and checks what can be checked without a cluster: the probes and ports are what the jar serves (its
 * config/application.yml), every env variable and ConfigMap property is a property the gateway, Spring Boot or
 * Camel knows (their configuration metadata), the security context is locked down and OpenShift-compatible, the
 * memory fits the benchmark's heap figures, egress goes to DNS, Kafka, KRR and Maskinporten only, and the exactly-once
 * StatefulSet runs the Deployment's pod under its own name.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("deploy/kubernetes");
    /** Reads each document by its apiVersion and kind into the model's class (fabric8's own deserializer). */
    private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory()).registerModule(new SimpleModule()
            .addDeserializer(KubernetesResource.class, new KubernetesDeserializer()));
    /** Environment variables the JVM or the image read, not Spring properties. */
    private static final Set<String> NON_PROPERTY_ENV = Set.of("JAVA_TOOL_OPTIONS");

    private static List<HasMetadata> objects;
    private static Properties jarConfig;
    private static Properties configMap;
    private static Set<String> metadataNames;
    private static Set<String> metadataMapPrefixes;

    @BeforeAll
    static void load() throws IOException {
        objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList()) {
                objects.addAll(parse(file));
            }
        }
        jarConfig = yamlProperties(Path.of("target/classes/config/application.yml"));
        configMap = yamlProperties(ROOT.resolve("base/application.yml"));
        loadMetadata();
    }

    @Test
    void everyManifest_parsesIntoItsKubernetesType() {
        assertThat(objects).noneMatch(GenericKubernetesResource.class::isInstance);
        assertThat(objects).extracting(o -> o.getClass().getSimpleName())
                .contains("Deployment", "StatefulSet", "Service", "NetworkPolicy", "PodDisruptionBudget");
    }

    @Test
    void kustomizations_listOnlyFilesThatExist() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path kustomization : files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .toList()) {
                JsonNode tree = YAML.readTree(kustomization.toFile());
                List<String> listed = new ArrayList<>();
                tree.path("resources").forEach(node -> listed.add(node.asText()));
                tree.path("configMapGenerator").forEach(generator -> generator.path("files")
                        .forEach(node -> listed.add(node.asText())));
                for (String entry : listed) {
                    assertThat(kustomization.getParent().resolve(entry)).as(kustomization + ": " + entry).exists();
                }
            }
        }
    }

    /**
     * The overlays as kubectl renders them (its built-in kustomize; offline): each yields one workload, the Service,
     * the ConfigMap its pods mount under the generated name, the NetworkPolicy and the PDB. Skipped without kubectl.
     */
    @Test
    void overlays_renderWithKubectlKustomize() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl not on PATH: overlays not rendered (the files are "
                + "still parsed one by one by the other tests)");
        JsonNode image = new YAMLMapper().readTree(ROOT.resolve("base/kustomization.yaml").toFile()).at("/images/0");
        String baseImage = image.path("newName").asText() + ":" + image.path("newTag").asText();
        for (String overlay : List.of("at-least-once", "exactly-once")) {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("overlays/" + overlay).toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<HasMetadata> rendered = new ArrayList<>();
            try (var parser = YAML.getFactory().createParser(kubectl.getInputStream())) {
                YAML.readValues(parser, KubernetesResource.class).forEachRemaining(o -> rendered.add((HasMetadata) o));
            }
            assertThat(kubectl.waitFor()).as("kubectl kustomize " + overlay).isZero();
            Class<?> workload = overlay.equals("exactly-once") ? StatefulSet.class : Deployment.class;
            assertThat(rendered).filteredOn(o -> o instanceof Deployment || o instanceof StatefulSet)
                    .singleElement().isInstanceOf(workload);
            // the image the base names: kustomize's images apply only to the resources of their kustomization, and
            // a bare "krr-gateway" is pulled from Docker Hub's library
            assertThat(rendered.stream().filter(o -> o instanceof Deployment || o instanceof StatefulSet).map(o ->
                    (o instanceof Deployment d ? d.getSpec().getTemplate() : ((StatefulSet) o).getSpec().getTemplate())
                            .getSpec().getContainers().get(0).getImage())).as(overlay)
                    .containsExactly(baseImage);
            String configMapName = rendered.stream().filter(o -> o.getKind().equals("ConfigMap"))
                    .map(o -> o.getMetadata().getName()).findFirst().orElseThrow();
            assertThat(configMapName).startsWith("krr-gateway-config-");
            assertThat(rendered.toString()).contains("name=" + configMapName);
            assertThat(rendered).extracting(HasMetadata::getKind)
                    .contains("Service", "NetworkPolicy", "PodDisruptionBudget");
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    @Test
    void probes_pathsAndPortsAreWhatTheJarServes() {
        String livez = jarConfig.getProperty("management.endpoint.health.group.liveness.additional-path");
        String readyz = jarConfig.getProperty("management.endpoint.health.group.readiness.additional-path");
        assertThat(livez).isEqualTo("server:/livez");
        assertThat(readyz).isEqualTo("server:/readyz");
        int serverPort = Integer.parseInt(jarConfig.getProperty("server.port"));
        int managementPort = Integer.parseInt(jarConfig.getProperty("management.server.port"));
        for (PodTemplateSpec pod : podTemplates()) {
            Container container = gateway(pod);
            assertProbe(container, container.getLivenessProbe(), "/livez", serverPort);
            assertProbe(container, container.getStartupProbe(), "/livez", serverPort);
            assertProbe(container, container.getReadinessProbe(), "/readyz", serverPort);
            assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
                    .containsExactlyInAnyOrder(serverPort, managementPort);
            // The scrape: the management port, on the pod network (the ConfigMap), serving prometheus.
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            assertThat(annotations).containsEntry("prometheus.io/port", String.valueOf(managementPort))
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
            assertThat(jarConfig.getProperty("management.endpoints.web.exposure.include")).contains("prometheus");
        }
        assertThat(configMap.getProperty("management.server.address")).isEqualTo("0.0.0.0");
        // the scraper has no token: prometheus must answer without one
        assertThat(configMap.getProperty("gateway.management.public-endpoints").split(",")).contains("prometheus");
    }

    @Test
    void services_publishTheMainPortOnly_andSelectThePods() {
        for (Service service : all(Service.class)) {
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
            assertThat(podTemplates()).allSatisfy(pod -> assertThat(pod.getMetadata().getLabels())
                    .containsAllEntriesOf(service.getSpec().getSelector()));
        }
        PodDisruptionBudget pdb = all(PodDisruptionBudget.class).get(0);
        assertThat(podTemplates()).allSatisfy(pod -> assertThat(pod.getMetadata().getLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels()));
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void securityContext_nonRootReadOnlyNoCapabilitiesRuntimeDefault_andOpenShiftAssignsTheUid() {
        for (PodTemplateSpec pod : podTemplates()) {
            var podContext = pod.getSpec().getSecurityContext();
            assertThat(podContext.getRunAsNonRoot()).isTrue();
            assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            // OpenShift's restricted SCC refuses a fixed UID or fsGroup outside the namespace's range.
            assertThat(podContext.getRunAsUser()).isNull();
            assertThat(podContext.getFsGroup()).isNull();
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();

            Container container = gateway(pod);
            var context = container.getSecurityContext();
            assertThat(context.getRunAsNonRoot()).isTrue();
            assertThat(context.getReadOnlyRootFilesystem()).isTrue();
            assertThat(context.getAllowPrivilegeEscalation()).isFalse();
            assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(context.getRunAsUser()).isNull();

            // With a read-only root, the writable paths are volumes: /tmp and the data folder, both emptyDirs.
            Map<String, Volume> volumes = pod.getSpec().getVolumes().stream()
                    .collect(Collectors.toMap(Volume::getName, v -> v));
            Map<String, VolumeMount> mounts = container.getVolumeMounts().stream()
                    .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
            assertThat(volumes.get(mounts.get("/tmp").getName()).getEmptyDir()).isNotNull();
            assertThat(mounts.get("/tmp").getReadOnly()).isNotEqualTo(Boolean.TRUE);
            String data = configMap.getProperty("gateway.files.inbox");
            assertThat(data).startsWith("/app/data/");
            assertThat(volumes.get(mounts.get("/app/data").getName()).getEmptyDir()).isNotNull();
            // Secrets read-only, readable by the owner and group 0 only (0440).
            for (VolumeMount mount : container.getVolumeMounts()) {
                Volume volume = volumes.get(mount.getName());
                if (volume.getSecret() != null || volume.getConfigMap() != null) {
                    assertThat(mount.getReadOnly()).as(mount.getMountPath()).isTrue();
                }
                if (volume.getSecret() != null) {
                    assertThat(volume.getSecret().getDefaultMode()).as(mount.getMountPath()).isEqualTo(0440);
                }
            }
        }
    }

    @Test
    void secretsAndConfig_mountedWhereTheConfigMapSaysSpringReadsThem() {
        String configTree = configMap.getProperty("spring.config.import");
        assertThat(configTree).startsWith("optional:configtree:");
        String secretsPath = configTree.substring("optional:configtree:".length()).replaceAll("/$", "");
        String keystore = configMap.getProperty("gateway.maskinporten.keystore.path");
        for (PodTemplateSpec pod : podTemplates()) {
            Map<String, String> secretMounts = new java.util.HashMap<>();
            Map<String, String> configMapMounts = new java.util.HashMap<>();
            for (VolumeMount mount : gateway(pod).getVolumeMounts()) {
                Volume volume = pod.getSpec().getVolumes().stream()
                        .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                if (volume.getSecret() != null) {
                    secretMounts.put(mount.getMountPath(), volume.getSecret().getSecretName());
                }
                if (volume.getConfigMap() != null) {
                    configMapMounts.put(mount.getMountPath(), volume.getConfigMap().getName());
                }
            }
            assertThat(secretMounts).containsEntry(secretsPath, "krr-gateway-secrets");
            assertThat(secretMounts).containsKey(Path.of(keystore).getParent().toString());
            // Spring Boot reads ./config/application.yml (the image's WORKDIR is /app) before the jar's.
            assertThat(configMapMounts).containsEntry("/app/config", "krr-gateway-config");
        }
    }

    @Test
    void everyEnvVariableAndConfigMapProperty_isAKnownProperty() {
        List<String> unknown = new ArrayList<>();
        for (PodTemplateSpec pod : podTemplates()) {
            for (EnvVar env : envOf(gateway(pod))) {
                if (!NON_PROPERTY_ENV.contains(env.getName()) && !knownEnv(env.getName())) {
                    unknown.add("env " + env.getName());
                }
            }
        }
        for (String name : configMap.stringPropertyNames()) {
            if (!known(name)) {
                unknown.add("application.yml " + name);
            }
        }
        assertThat(unknown).as("names in no configuration metadata").isEmpty();
        // The check itself: a misspelt name is caught.
        assertThat(knownEnv("GATEWAY_KAFKA_INSTANCEID")).isTrue();
        assertThat(knownEnv("GATEWAY_KAFKA_INSTANCE_ID")).isFalse();
        assertThat(known("gateway.krr.base-url")).isTrue();
        assertThat(known("gateway.krr.baseurl-typo")).isFalse();
    }

    @Test
    void resources_sizedFromTheBenchmarksHeapFigures() throws IOException {
        // BENCHMARKS.md's first table: the largest peak heap and peak RSS of any scenario.
        BigDecimal[] peaks = benchmarkPeaks();
        BigDecimal mib = BigDecimal.valueOf(1024 * 1024);
        for (PodTemplateSpec pod : podTemplates()) {
            var resources = gateway(pod).getResources();
            BigDecimal limit = Quantity.getAmountInBytes(resources.getLimits().get("memory")).divide(mib);
            BigDecimal request = Quantity.getAmountInBytes(resources.getRequests().get("memory")).divide(mib);
            assertThat(request).as("memory request = limit").isEqualByComparingTo(limit);
            // The image's -XX:MaxRAMPercentage=75 leaves this much heap; the heap and the process must fit.
            assertThat(limit.multiply(BigDecimal.valueOf(0.75))).as("heap under the limit")
                    .isGreaterThan(peaks[0].multiply(BigDecimal.valueOf(1.5)));
            assertThat(limit).as("memory limit").isGreaterThan(peaks[1]);
            assertThat(resources.getRequests()).containsKey("cpu");
            assertThat(resources.getLimits()).containsKey("cpu");
        }
    }

    /**
     * A stop with batches stuck in KRR (GracefulStopIT measures it) ends before Kubernetes sends SIGKILL, which would
     * skip the consumers' LeaveGroup (the group then waits the session timeout) and the file channel's cleanup.
     */
    @Test
    void terminationGracePeriod_coversAStopWithBatchesStuckInKrr() throws IOException {
        java.time.Duration bound = GracefulStopIT.stopBoundWithDefaults();
        for (PodTemplateSpec pod : podTemplates()) {
            assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).as("terminationGracePeriodSeconds")
                    .isGreaterThanOrEqualTo(bound.toSeconds());
        }
    }

    @Test
    void networkPolicy_egressOnlyToDnsKafkaKrrAndMaskinporten() {
        NetworkPolicy policy = all(NetworkPolicy.class).get(0);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).hasSize(4).allSatisfy(rule -> {
            assertThat(rule.getTo()).as("every rule names its peers").isNotEmpty();
            assertThat(rule.getPorts()).as("every rule names its ports").isNotEmpty();
        });
        assertThat(ports(egress.get(0))).containsExactlyInAnyOrder(53, 53, 5353, 5353);
        String brokers = configMap.getProperty("camel.component.kafka.brokers");
        int kafkaPort = Integer.parseInt(brokers.substring(brokers.lastIndexOf(':') + 1));
        assertThat(ports(egress.get(1))).containsExactly(kafkaPort);
        assertThat(configMap.getProperty("gateway.krr.base-url")).startsWith("https://");
        assertThat(configMap.getProperty("gateway.maskinporten.issuer")).startsWith("https://");
        assertThat(ports(egress.get(2))).containsExactly(443);
        assertThat(ports(egress.get(3))).containsExactly(443);
        assertThat(egress.get(2).getTo()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNotNull());
        assertThat(egress.get(3).getTo()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNotNull());
        // The management port only from the monitoring namespaces: kube-prometheus's, and OpenShift's (platform and
        // user-workload monitoring, which PrometheusRule and PodMonitor name, carry the policy-group label).
        assertThat(policy.getSpec().getIngress()).anySatisfy(rule -> {
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(8081);
            assertThat(rule.getFrom()).extracting(peer -> peer.getNamespaceSelector().getMatchLabels())
                    .containsExactlyInAnyOrder(Map.of("kubernetes.io/metadata.name", "monitoring"),
                            Map.of("network.openshift.io/policy-group", "monitoring"));
        });
    }

    @Test
    void statefulSet_isTheDeploymentsPod_namedByThePodName() throws IOException {
        // its image set as the base's, without kubectl too (overlays_renderWithKubectlKustomize renders it)
        assertThat(new YAMLMapper().readTree(ROOT.resolve("overlays/exactly-once/kustomization.yaml").toFile())
                .path("images")).isEqualTo(new YAMLMapper().readTree(ROOT.resolve("base/kustomization.yaml").toFile())
                .path("images"));
        Deployment deployment = all(Deployment.class).get(0);
        StatefulSet statefulSet = all(StatefulSet.class).get(0);
        Container container = gateway(statefulSet.getSpec().getTemplate());
        Map<String, EnvVar> env = envOf(container).stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("GATEWAY_KAFKA_INSTANCEID").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(env.get("GATEWAY_KAFKA_DELIVERY").getValue()).isEqualTo("exactly-once");
        assertThat(all(Service.class)).anySatisfy(service -> {
            assertThat(service.getMetadata().getName()).isEqualTo(statefulSet.getSpec().getServiceName());
            assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        });
        // Apart from those two variables, the same pod as the Deployment's.
        PodTemplateSpec pod = statefulSet.getSpec().getTemplate();
        gateway(pod).setEnv(envOf(container).stream()
                .filter(e -> !e.getName().startsWith("GATEWAY_KAFKA_")).toList());
        if (gateway(pod).getEnv().isEmpty()) {
            gateway(pod).setEnv(gateway(deployment.getSpec().getTemplate()).getEnv());
        }
        assertThat(pod).isEqualTo(deployment.getSpec().getTemplate());
    }

    // --- helpers ---

    private static List<HasMetadata> parse(Path file) throws IOException {
        List<HasMetadata> parsed = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            var documents = YAML.readValues(parser, KubernetesResource.class);
            while (documents.hasNext()) {
                parsed.add((HasMetadata) documents.next());
            }
        }
        assertThat(parsed).as(file.toString()).isNotEmpty();
        return parsed;
    }

    private static <T> List<T> all(Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).isNotEmpty();
        return found;
    }

    private static List<PodTemplateSpec> podTemplates() {
        List<PodTemplateSpec> pods = new ArrayList<>();
        all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> pods.add(s.getSpec().getTemplate()));
        return pods;
    }

    private static Container gateway(PodTemplateSpec pod) {
        assertThat(pod.getSpec().getContainers()).hasSize(1);
        return pod.getSpec().getContainers().get(0);
    }

    private static List<EnvVar> envOf(Container container) {
        return container.getEnv() == null ? List.of() : container.getEnv();
    }

    private static void assertProbe(Container container, Probe probe, String path, int port) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        String portName = probe.getHttpGet().getPort().getStrVal();
        assertThat(container.getPorts()).filteredOn(p -> p.getName().equals(portName))
                .singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
    }

    private static List<Integer> ports(NetworkPolicyEgressRule rule) {
        return rule.getPorts().stream().map(NetworkPolicyPort::getPort).map(p -> p.getIntVal()).toList();
    }

    private static Properties yamlProperties(Path file) {
        assertThat(file).exists();
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource(file));
        return yaml.getObject();
    }

    /** The gateway's, Spring Boot's and Camel's configuration metadata on the test class path. */
    private static void loadMetadata() throws IOException {
        metadataNames = new HashSet<>();
        metadataMapPrefixes = new TreeSet<>();
        ClassLoader loader = KubernetesManifestsTest.class.getClassLoader();
        int files = 0;
        for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            for (URL url : Collections.list(loader.getResources(resource))) {
                files++;
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                        String name = property.path("name").asText();
                        metadataNames.add(canonical(name));
                        if (property.path("type").asText().startsWith("java.util.Map<")) {
                            metadataMapPrefixes.add(canonical(name) + ".");
                        }
                    }
                }
            }
        }
        assertThat(files).as("metadata files").isGreaterThan(3);
        assertThat(metadataNames).contains("gateway.kafka.instanceid", "management.server.address",
                "camel.component.kafka.brokers", "spring.config.import");
    }

    /** Spring's relaxed binding: dashes and case do not matter. */
    private static String canonical(String name) {
        return name.replace("-", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean known(String property) {
        String name = canonical(property.replaceAll("\\[\\d+]", ""));
        return metadataNames.contains(name) || metadataMapPrefixes.stream().anyMatch(name::startsWith);
    }

    /** GATEWAY_KAFKA_INSTANCEID binds gateway.kafka.instance-id: underscores are dots, dashes are dropped. */
    private static boolean knownEnv(String variable) {
        return metadataNames.contains(variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
    }

    private static BigDecimal[] benchmarkPeaks() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("BENCHMARKS.md"));
        String header = lines.stream().filter(l -> l.contains("| peak heap MB | peak RSS MB |")).findFirst()
                .orElseThrow(() -> new AssertionError("BENCHMARKS.md has no table with peak heap and RSS"));
        int start = lines.indexOf(header) + 2;
        BigDecimal heap = BigDecimal.ZERO;
        BigDecimal rss = BigDecimal.ZERO;
        Pattern lastTwo = Pattern.compile("\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,]+)\\s*\\|\\s*$");
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher m = lastTwo.matcher(lines.get(i));
            if (m.find()) {
                heap = heap.max(new BigDecimal(m.group(1).replace(",", "")));
                rss = rss.max(new BigDecimal(m.group(2).replace(",", "")));
            }
        }
        assertThat(heap).as("peak heap in BENCHMARKS.md").isGreaterThan(BigDecimal.valueOf(100));
        return new BigDecimal[] {heap, rss};
    }
}
