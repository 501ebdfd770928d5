// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import no.krrgateway.channel.file.FileChannelProperties;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.maskinporten.MaskinportenProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every default lives in its properties record ({@code @DefaultValue}), so the configuration metadata states it, and a
 * gateway whose {@code spring.config.location} names no file of ours still has it, in its records and its environment.
 */
class PropertyDefaultsTest {

    /**
     * Without a default by design: where KRR and Maskinporten are, the key, secrets, and what unset leaves off; the
     * file folders' are in config/application.yml, so that one set empty is refused rather than defaulted.
     */
    private static final Set<String> NO_DEFAULT = Set.of("gateway.krr.base-url", "gateway.maskinporten.issuer",
            "gateway.maskinporten.client-id", "gateway.maskinporten.token-url", "gateway.maskinporten.consumer-org",
            "gateway.maskinporten.resource", "gateway.maskinporten.keystore.path",
            "gateway.maskinporten.keystore.password", "gateway.maskinporten.keystore.alias",
            "gateway.maskinporten.jwk.path", "gateway.kafka.instance-id", "gateway.audit.hmac-secret",
            "gateway.check.test-person", "gateway.files.chunk-size", "gateway.files.retention.max-age",
            "gateway.files.shared-inbox.jdbc-url", "gateway.files.shared-inbox.username",
            "gateway.files.shared-inbox.password", "gateway.krr.signed-answers.trust-anchors", "gateway.files.inbox",
            "gateway.files.outbox", "gateway.files.error");

    @Test
    void everyGatewayProperty_hasItsDefaultInItsRecord() throws Exception {
        List<String> without = new ArrayList<>();
        for (JsonNode property : ReadmePropertiesTest.ownMetadata().get("properties")) {
            String name = property.get("name").asText();
            String source = property.path("sourceType").asText();
            if (!name.startsWith("gateway.") || source.startsWith("no.krrgateway.simulator.")
                    || NO_DEFAULT.contains(name)) {
                continue;
            }
            if (!hasDefaultValue(Class.forName(source), name.substring(name.lastIndexOf('.') + 1))) {
                without.add(name);
            }
        }
        assertThat(without).as("gateway.* properties without a @DefaultValue in their record").isEmpty();
    }

    @Test
    void noConfigFile_recordsAndEnvironmentHaveTheDefaults() {
        try (var context = new SpringApplicationBuilder(AllProperties.class).web(WebApplicationType.NONE)
                .properties("spring.config.location=optional:file:/nonexistent/",
                        "gateway.krr.base-url=https://krr.example", "gateway.maskinporten.issuer=https://mp.example/",
                        "gateway.maskinporten.client-id=client", "gateway.maskinporten.jwk.path=/key.json",
                        "gateway.files.inbox=in", "gateway.files.outbox=out", "gateway.files.error=err")
                .run()) {
            assertThat(context.getBean(KrrProperties.class).batchSize()).isEqualTo(1000);
            assertThat(context.getBean(FileChannelProperties.class).maxSize()).isEqualTo(DataSize.ofMegabytes(100));
            assertThat(context.getBean(MaskinportenProperties.class).scopes())
                    .isEqualTo("krr:global/kontaktinformasjon.read");
            KafkaChannelProperties kafka = context.getBean(KafkaChannelProperties.class);
            assertThat(kafka.delivery()).isEqualTo(KafkaChannelProperties.Delivery.AT_LEAST_ONCE);
            assertThat(kafka.instanceId()).isNotBlank();
            // what routes/*.camel.yaml read as {{gateway...}}
            assertThat(context.getEnvironment().getProperty("gateway.kafka.group-id")).isEqualTo("krr-gateway");
            assertThat(context.getEnvironment().getProperty("gateway.kafka.enabled")).isEqualTo("true");
            assertThat(context.getEnvironment().getProperty("gateway.files.poll-interval")).isEqualTo("1s");
        }
    }

    /** {@code @DefaultValue} is a constructor parameter's annotation: the canonical one's, at the component's place. */
    private static boolean hasDefaultValue(Class<?> record, String kebabName) throws NoSuchMethodException {
        RecordComponent[] components = record.getRecordComponents();
        Parameter[] parameters = record.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new)).getParameters();
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            if (name.equals(kebabName)) {
                return parameters[i].isAnnotationPresent(DefaultValue.class);
            }
        }
        return false;
    }

    /** Binds every properties record; not a component, so that no other test's scan picks it up. */
    @ConfigurationPropertiesScan("no.krrgateway")
    static class AllProperties {
    }
}
