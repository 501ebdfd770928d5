// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import no.krrgateway.support.TestKeys;
import no.krrgateway.support.TestKeystores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refuses, with one clear message, any key that cannot sign a grant Maskinporten would accept. */
class SigningKeyTest {

    @TempDir
    Path folder;

    @Test
    void load_keystore_x5cChainAndNoKid() {
        Path keystore = TestKeystores.keyPair(folder, "gateway", null, 365);
        SigningKey key = SigningKey.load(keystore(keystore, TestKeystores.PASSWORD, "gateway"),
                Clock.systemUTC());
        assertThat(key.keyId()).isNull();
        assertThat(key.certificateChain()).hasSize(1);
        assertThat(key.toString()).doesNotContain("MII");
    }

    @Test
    void load_jwk_kidAndNoChain() {
        SigningKey key = SigningKey.load(jwk(TestKeys.writeJwk(folder, "kid-1")), Clock.systemUTC());
        assertThat(key.keyId()).isEqualTo("kid-1");
        assertThat(key.certificateChain()).isNull();
    }

    @Test
    void load_wrongKeystorePassword_refusesNamingTheProperty() {
        Path keystore = TestKeystores.keyPair(folder, "gateway", null, 365);
        assertThatThrownBy(() -> SigningKey.load(keystore(keystore, "wrong", "gateway"), Clock.systemUTC()))
                .hasMessageContaining("cannot open the keystore at gateway.maskinporten.keystore.path");
    }

    @Test
    void load_aliasWithoutPrivateKey_refuses() {
        Path keystore = TestKeystores.keyPair(folder, "gateway", null, 365);
        Path certOnly = TestKeystores.certificateOnly(folder, TestKeystores.exportCertificate(keystore, "gateway"),
                "gateway");
        assertThatThrownBy(() -> SigningKey.load(keystore(certOnly, TestKeystores.PASSWORD, "gateway"),
                Clock.systemUTC()))
                .hasMessageContaining("gateway.maskinporten.keystore.alias 'gateway' holds no private key");
    }

    @Test
    void load_expiredCertificate_refuses() {
        Path keystore = TestKeystores.keyPair(folder, "old", "-2y", 30);
        assertThatThrownBy(() -> SigningKey.load(keystore(keystore, TestKeystores.PASSWORD, "old"),
                Clock.systemUTC()))
                .hasMessageContaining("certificate expired at");
    }

    @Test
    void load_jwkUnder2048Bits_refusesAtStartUpNotAtEveryGrant() throws Exception {
        Path file = folder.resolve("weak.jwk.json");
        Files.writeString(file, new RSAKeyGenerator(1024, true).keyID("weak").generate().toJSONString());
        assertThatThrownBy(() -> SigningKey.load(jwk(file), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.maskinporten.jwk.path").hasMessageContaining("2048 bits");
    }

    @Test
    void load_keystoreWithAnEcKeyOr1024BitRsaKey_refusesAtStartUp() {
        Path ec = TestKeystores.keyPair(folder, "ec", "EC", 256, null, 365);
        assertThatThrownBy(() -> SigningKey.load(keystore(ec, TestKeystores.PASSWORD, "ec"), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.maskinporten.keystore.path").hasMessageContaining("RSA");
        Path weak = TestKeystores.keyPair(folder, "weak", "RSA", 1024, null, 365);
        assertThatThrownBy(() -> SigningKey.load(keystore(weak, TestKeystores.PASSWORD, "weak"), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2048 bits");
    }

    @Test
    void load_missingJwkFile_refusesNamingTheProperty() {
        assertThatThrownBy(() -> SigningKey.load(jwk(folder.resolve("missing.json")), Clock.systemUTC()))
                .hasMessageContaining("gateway.maskinporten.jwk.path");
    }

    private static MaskinportenProperties keystore(Path path, String password, String alias) {
        return properties(new MaskinportenProperties.Keystore(path, password, alias), null);
    }

    private static MaskinportenProperties jwk(Path path) {
        return properties(null, new MaskinportenProperties.Jwk(path));
    }

    private static MaskinportenProperties properties(MaskinportenProperties.Keystore keystore,
                                                     MaskinportenProperties.Jwk jwk) {
        return new MaskinportenProperties(URI.create("https://test.maskinporten.no/"), null, "client",
                "krr:global/kontaktinformasjon.read", null, null, Duration.ofSeconds(120), "RS256",
                Duration.ofSeconds(20), 0.1,
                Duration.ofSeconds(5), 3, Duration.ofMillis(20), Duration.ofMillis(100), keystore, jwk);
    }
}
