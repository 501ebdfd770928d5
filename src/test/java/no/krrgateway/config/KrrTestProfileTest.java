// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * The {@code krr-test} profile over the shipped defaults: Digdir's test URLs and synthetic ids, and otherwise the
 * production settings (no simulator, no open API, https only).
 */
class KrrTestProfileTest {

    @Test
    void krrTestProfile_testUrlsSyntheticIds_restAsProduction() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        var loader = new YamlPropertySourceLoader();
        loader.load("krr-test", new FileSystemResource("config/application-krr-test.yml"))
                .forEach(environment.getPropertySources()::addLast);
        loader.load("defaults", new FileSystemResource("config/application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        new PropertyDefaults().postProcessEnvironment(environment, null);
        Binder binder = Binder.get(environment);

        assertThat(binder.bind("gateway.krr.base-url", java.net.URI.class).get())
                .hasToString("https://test.kontaktregisteret.no");
        assertThat(binder.bind("gateway.maskinporten.issuer", java.net.URI.class).get())
                .hasToString("https://test.maskinporten.no/");
        assertThat(binder.bind("gateway.validation.allow-synthetic", Boolean.class).get()).isTrue();
        assertThat(binder.bind("gateway.maskinporten.scopes", String.class).get())
                .isEqualTo("krr:global/kontaktinformasjon.read");
        assertThat(binder.bind("gateway.api.enabled", Boolean.class).get()).isFalse();
        assertThat(binder.bind("gateway.endpoints.allow-http", Boolean.class).get()).isFalse();
        // nothing in the profile but the three settings: the rest is production's
        var profile = loader.load("krr-test", new FileSystemResource("config/application-krr-test.yml")).get(0);
        assertThat(((Map<?, ?>) profile.getSource()).keySet().stream().map(Object::toString)).containsExactlyInAnyOrder("gateway.krr.base-url",
                "gateway.maskinporten.issuer", "gateway.validation.allow-synthetic");
    }
}
