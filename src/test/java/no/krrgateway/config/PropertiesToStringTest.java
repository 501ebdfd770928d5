// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.support.ConfigurationPropertiesClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.util.unit.DataSize;

/**
 * No properties record prints a secret: every {@code @ConfigurationProperties} record is built with a secret in each
 * password-like component and in the user info and query of each URL-like one, and its {@code toString} must not show
 * it. Secrets may also come from files (Spring's {@code configtree:}), as docs/operations.md describes.
 */
class PropertiesToStringTest {

    private static final String SECRET = "S3cr3t-Pw";
    private static final String URL_WITH_SECRETS = "https://user:" + SECRET + "@krr.example/x?password=" + SECRET
            + "&pwd=" + SECRET + "/";

    @TempDir
    Path secrets;

    @Test
    void toString_everyPropertiesRecord_showsNoPasswordNorUrlCredentials() throws Exception {
        List<String> printed = new ArrayList<>();
        for (Class<?> type : propertiesRecords()) {
            Object instance = build(type);
            printed.add(instance.toString());
            assertThat(instance.toString()).as(type.getName()).doesNotContain(SECRET);
        }
        assertThat(printed).as("records checked").hasSizeGreaterThan(10);
        assertThat(String.join("\n", printed)).contains("password=(set)").contains("https://***@krr.example");
    }

    @Test
    void url_jdbcAndOracleForms_credentialsHidden() {
        assertThat(Redact.url("jdbc:postgresql://db:5432/k?user=u&password=" + SECRET)).doesNotContain(SECRET)
                .startsWith("jdbc:postgresql://db:5432/k?user=u&password=***");
        assertThat(Redact.url("jdbc:oracle:thin:scott/" + SECRET + "@db:1521/x")).isEqualTo(
                "jdbc:oracle:thin:***@db:1521/x");
        assertThat(Redact.url("jdbc:sqlserver://db;user=u;password=" + SECRET + ";encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;user=u;password=***;encrypt=true");
        assertThat(Redact.url("https://krr.example/rest")).isEqualTo("https://krr.example/rest");
    }

    /** A Kubernetes secret or Docker secret mounted as files binds like any property (docs/operations.md). */
    @Test
    void configtree_secretFile_bindsAsProperty() throws Exception {
        Files.writeString(secrets.resolve("gateway.maskinporten.keystore.password"), SECRET + "\n");
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new ConfigTreePropertySource("secrets", secrets,
                ConfigTreePropertySource.Option.AUTO_TRIM_TRAILING_NEW_LINE));
        var keystore = new Binder(ConfigurationPropertySources.from(sources))
                .bind("gateway.maskinporten.keystore", MaskinportenProperties.Keystore.class).get();
        assertThat(keystore.password()).isEqualTo(SECRET);
        assertThat(keystore.toString()).doesNotContain(SECRET);
    }

    private static List<Class<?>> propertiesRecords() throws ClassNotFoundException {
        return ConfigurationPropertiesClasses.all().stream().filter(Class::isRecord).toList();
    }

    private static Object build(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getName().toLowerCase(Locale.ROOT), types[i]);
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    private static Object value(String name, Class<?> type) throws Exception {
        boolean secretLike = name.contains("password") || name.contains("secret") || name.contains("key")
                && !name.contains("keep");
        boolean urlLike = name.contains("url") || name.contains("uri") || name.contains("issuer");
        if (type == String.class) {
            return secretLike ? SECRET : urlLike ? URL_WITH_SECRETS : "value";
        }
        if (type == URI.class) {
            return URI.create(URL_WITH_SECRETS);
        }
        if (type.isRecord()) {
            return build(type);
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == int.class || type == long.class || type == double.class) {
            return type == int.class ? (Object) 1 : type == long.class ? (Object) 1L : (Object) 0.5;
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (type == Period.class) {
            return Period.ofDays(1);
        }
        if (type == DataSize.class) {
            return DataSize.ofBytes(1);
        }
        if (type == Path.class) {
            return Path.of("/secrets/file");
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        return null;
    }
}
