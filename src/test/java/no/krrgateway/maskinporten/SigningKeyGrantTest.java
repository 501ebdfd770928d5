// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SigningKeyGrantTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final TokenRequest REQUEST = new TokenRequest(
            "krr:global/kontaktinformasjon.read krr:global/digitalpost.read", null, null);
    private static RSAKey jwk;

    @BeforeAll
    static void generateKey() throws Exception {
        jwk = new RSAKeyGenerator(2048).keyID("test-kid").generate();
    }

    @Test
    void build_jwkKey_headerHasKidAndClaimsAreExactlyMaskinportens() throws Exception {
        var key = new SigningKey(jwk.toPrivateKey(), "test-kid", null, null);
        var properties = properties(null, null, Duration.ofSeconds(120));

        SignedJWT grant = SignedJWT.parse(key.grant(REQUEST, properties, CLOCK).assertion());

        assertThat(grant.verify(new RSASSAVerifier(jwk.toRSAPublicKey()))).isTrue();
        assertThat(grant.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(grant.getHeader().getKeyID()).isEqualTo("test-kid");
        assertThat(grant.getHeader().getX509CertChain()).isNull();
        var claims = grant.getJWTClaimsSet();
        assertThat(claims.getClaims().keySet()).containsExactlyInAnyOrder("aud", "iss", "scope", "iat", "exp", "jti");
        assertThat(claims.getAudience()).containsExactly("https://test.maskinporten.no/");
        assertThat(claims.getIssuer()).isEqualTo("client-1");
        assertThat(claims.getStringClaim("scope"))
                .isEqualTo("krr:global/kontaktinformasjon.read krr:global/digitalpost.read");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(120));
    }

    @Test
    void build_twice_freshJtiEachTime() throws Exception {
        var key = new SigningKey(jwk.toPrivateKey(), "test-kid", null, null);
        var properties = properties(null, null, Duration.ofSeconds(60));
        assertThat(key.grant(REQUEST, properties, CLOCK).jti())
                .isNotEqualTo(key.grant(REQUEST, properties, CLOCK).jti());
    }

    @Test
    void build_consumerOrgAndResource_addedOnlyWhenConfigured() throws Exception {
        var key = new SigningKey(jwk.toPrivateKey(), "test-kid", null, null);
        var properties = properties("999888777", "https://api.example.no", Duration.ofSeconds(30));

        var claims = SignedJWT.parse(key.grant(new TokenRequest(REQUEST.scopes(), "https://api.example.no",
                "999888777"), properties, CLOCK).assertion()).getJWTClaimsSet();

        assertThat(claims.getStringClaim("consumer_org")).isEqualTo("999888777");
        assertThat(claims.getStringListClaim("resource")).containsExactly("https://api.example.no");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void grantToString_neverShowsTheAssertion() {
        var grant = new SigningKey.Grant("eyJhbGciOiJSUzI1NiJ9.secret.sig", "jti-1");
        assertThat(grant.toString()).doesNotContain("eyJ").contains("jti-1");
    }

    private static MaskinportenProperties properties(String consumerOrg, String resource, Duration lifetime) {
        return new MaskinportenProperties(URI.create("https://test.maskinporten.no/"), null, "client-1",
                "krr:global/kontaktinformasjon.read krr:global/digitalpost.read", consumerOrg, resource, lifetime,
                "RS256", Duration.ofSeconds(20), 0.1,
                Duration.ofSeconds(5), 3, Duration.ofMillis(20), Duration.ofMillis(100), null,
                new MaskinportenProperties.Jwk(java.nio.file.Path.of("unused.json")));
    }
}
