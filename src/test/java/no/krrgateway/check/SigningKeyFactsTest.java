// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import no.krrgateway.krr.SignedAnswers;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import org.junit.jupiter.api.Test;

class SigningKeyFactsTest {

    @Test
    void organisationNumber_fromSerialNumberOrOrganizationIdentifier() {
        assertThat(SignedAnswers.organisation(new X500Principal("CN=Test AS,O=Test AS,SERIALNUMBER=123456789,C=NO")))
                .isEqualTo("123456789");
        assertThat(SignedAnswers.organisation(new X500Principal("CN=Test AS,OID.2.5.4.97=NTRNO-987654321,C=NO")))
                .isEqualTo("987654321");
        assertThat(SignedAnswers.organisation(new X500Principal("CN=krr-gateway test"))).isNull();
    }

    @Test
    void describe_keystore_subjectOrgNumberAndDaysLeft() throws Exception {
        var folder = no.krrgateway.support.TestKeys.newFolder();
        var keystore = folder.resolve("business.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "business", "-keyalg", "RSA", "-keysize", "2048", "-validity",
                "30", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-dname", "CN=Test AS, O=Test AS, SERIALNUMBER=123456789, C=NO").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        SigningKey key = SigningKey.load(properties(keystore), Clock.systemUTC());

        String described = MaskinportenCheck.describe(key, Clock.fixed(Instant.now(), ZoneOffset.UTC));

        assertThat(described).startsWith("certificate CN=Test AS,O=Test AS,SERIALNUMBER=123456789,C=NO, "
                + "organisation number 123456789, ").contains(" days left (until ").doesNotContain("changeit");
        assertThat(described).containsAnyOf("29 days left", "30 days left");
    }

    @Test
    void describe_jwk_kidAndNoExpiry() {
        SigningKey key = new SigningKey(null, "my-kid", null, null);

        assertThat(MaskinportenCheck.describe(key, Clock.systemUTC()))
                .isEqualTo("JWK with kid my-kid, no expiry in the file (Maskinporten keeps a registered key for a "
                        + "year from upload)");
    }

    private static MaskinportenProperties properties(java.nio.file.Path keystore) {
        return new MaskinportenProperties(java.net.URI.create("https://test.maskinporten.no/"), null, "client",
                "krr:global/kontaktinformasjon.read", null, null, java.time.Duration.ofSeconds(120), "RS256",
                java.time.Duration.ofSeconds(20), 0.1, java.time.Duration.ofSeconds(10), 1,
                java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(10),
                new MaskinportenProperties.Keystore(keystore, "changeit", null), null);
    }
}
