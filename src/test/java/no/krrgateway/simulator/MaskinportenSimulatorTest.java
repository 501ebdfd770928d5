// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static no.krrgateway.simulator.SimulatorTestClients.BOTH_KRR_SCOPES;
import static no.krrgateway.simulator.SimulatorTestClients.CERT_CLIENT;
import static no.krrgateway.simulator.SimulatorTestClients.certificateGrant;
import static no.krrgateway.simulator.SimulatorTestClients.json;
import static no.krrgateway.simulator.SimulatorTestClients.kidGrant;
import static no.krrgateway.simulator.SimulatorTestClients.requestToken;
import static no.krrgateway.simulator.SimulatorTestClients.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** The simulated Maskinporten over real HTTP; the base class sets the token lifetime to 45 s. */
class MaskinportenSimulatorTest extends SimulatorHttpTestBase {

    @Autowired
    SimulatorStats stats;

    @Test
    void token_kidGrant_issuesSignedAccessTokenWithConfiguredLifetime() throws Exception {
        long issuedBefore = stats.snapshot().tokensIssued();
        HttpResponse<String> response = requestToken(baseUrl,
                kidGrant(validClaims(issuer, BOTH_KRR_SCOPES).claim("resource", "https://krr.example/").build()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(45);
        assertThat(body.get("scope").asText()).isEqualTo(BOTH_KRR_SCOPES);
        JWTClaimsSet claims = verifiedAccessToken(body.get("access_token").asText());
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(SimulatorTestClients.KID_CLIENT);
        assertThat(claims.getStringClaim("client_amr")).isEqualTo("private_key_jwt");
        assertThat(claims.getJSONObjectClaim("consumer"))
                .isEqualTo(Map.of("authority", "iso6523-actorid-upis", "ID", "0192:000000000"));
        assertThat(claims.getAudience()).containsExactly("https://krr.example/");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(45_000);
        assertThat(stats.snapshot().tokensIssued()).isEqualTo(issuedBefore + 1);
    }

    @Test
    void token_certificateGrant_issuesTokenForBusinessCertificate() throws Exception {
        JWTClaimsSet grant = validClaims(issuer, SimulatorProperties.KONTAKTINFORMASJON_SCOPE).issuer(CERT_CLIENT)
                .build();

        HttpResponse<String> response = requestToken(baseUrl, certificateGrant(grant));

        assertThat(response.statusCode()).isEqualTo(200);
        JWTClaimsSet claims = verifiedAccessToken(json(response).get("access_token").asText());
        assertThat(claims.getStringClaim("client_amr")).isEqualTo("virksomhetssertifikat");
        assertThat(claims.getAudience()).containsExactly("unspecified");
        assertThat(claims.getJSONObjectClaim("consumer")).containsEntry("ID", "0192:123456789");
    }

    @Test
    void token_resourceAsArray_isAccepted() throws Exception {
        JWTClaimsSet grant = validClaims(issuer, BOTH_KRR_SCOPES).claim("resource", List.of("a:b", "c:d")).build();

        HttpResponse<String> response = requestToken(baseUrl, kidGrant(grant));

        assertThat(verifiedAccessToken(json(response).get("access_token").asText()).getAudience())
                .containsExactly("a:b", "c:d");
    }

    @Test
    void token_unknownClient_isMp100() throws Exception {
        assertRejected(kidGrant(validClaims(issuer, BOTH_KRR_SCOPES).issuer("nobody").build()),
                "invalid_grant", "MP-100");
    }

    @Test
    void token_wrongAudience_isMp110() throws Exception {
        assertRejected(kidGrant(validClaims(issuer, BOTH_KRR_SCOPES).audience("https://maskinporten.no/").build()),
                "invalid_grant", "MP-110");
    }

    @Test
    void token_headerWithoutKidOrX5c_isMp123() throws Exception {
        String grant = SimulatorTestClients.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                validClaims(issuer, BOTH_KRR_SCOPES).build(), SimulatorTestClients.signer(SimulatorTestClients.CLIENT_KEY));

        assertRejected(grant, "invalid_grant", "MP-123");
    }

    @Test
    void token_signedWithAnotherKey_isMp124() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(SimulatorTestClients.CLIENT_KEY.getKeyID()).generate();
        String grant = SimulatorTestClients.sign(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(),
                validClaims(issuer, BOTH_KRR_SCOPES).build(), SimulatorTestClients.signer(stranger));

        assertRejected(grant, "invalid_grant", "MP-124");
    }

    @Test
    void token_reusedGrant_isMp012() throws Exception {
        String grant = kidGrant(validClaims(issuer, BOTH_KRR_SCOPES).build());
        assertThat(requestToken(baseUrl, grant).statusCode()).isEqualTo(200);

        assertRejected(grant, "invalid_grant", "MP-012");
    }

    @Test
    void token_grantLongerThan120Seconds_isInvalidRequest() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet grant = validClaims(issuer, BOTH_KRR_SCOPES)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(121))).build();

        assertRejected(kidGrant(grant), "invalid_request", "MP-011");
    }

    @ParameterizedTest(name = "issued {0} s from now, valid for 60 s: {1}")
    @CsvSource({"60, Issue time is after now", "-100, JWT is expired"})
    void token_grantNotValidNow_isMp130(long issuedFromNow, String description) throws Exception {
        Instant issued = Instant.now().plusSeconds(issuedFromNow);
        JWTClaimsSet grant = validClaims(issuer, BOTH_KRR_SCOPES)
                .issueTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(60))).build();

        JsonNode body = assertRejected(kidGrant(grant), "invalid_grant", "MP-130");
        assertThat(body.get("error_description").asText()).isEqualTo(description);
    }

    @Test
    void token_scopeNotAllowedForClient_isMp200() throws Exception {
        JsonNode body = assertRejected(kidGrant(validClaims(issuer, "krr:global/kontaktinformasjon.read nav:secret")
                .build()), "invalid_scope", "MP-200");
        assertThat(body.get("error_description").asText())
                .isEqualTo("Token request contains invalid scopes for client, nav:secret");
    }

    @Test
    void token_unknownClaim_isInvalidAssertion() throws Exception {
        JsonNode body = assertRejected(kidGrant(validClaims(issuer, BOTH_KRR_SCOPES).claim("iss_onbehalfof", "x")
                .build()), "invalid_request", "MP-011");
        assertThat(body.get("error_description").asText()).startsWith("Invalid assertion");
    }

    @Test
    void token_forcedFault_answers503ThenRecovers() throws Exception {
        HttpResponse<String> set = postJson("/simulator/faults", "{\"tokenStatus\":503,\"tokenCount\":1}");
        assertThat(set.statusCode()).isEqualTo(204);

        HttpResponse<String> failed = requestToken(baseUrl, kidGrant(validClaims(issuer, BOTH_KRR_SCOPES).build()));
        HttpResponse<String> recovered = requestToken(baseUrl, kidGrant(validClaims(issuer, BOTH_KRR_SCOPES).build()));

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(json(failed).get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(recovered.statusCode()).isEqualTo(200);
    }

    @Test
    void metadata_derivedIssuer_pointsAtSimulatorEndpoints() throws Exception {
        JsonNode metadata = json(get("/maskinporten/.well-known/oauth-authorization-server"));

        assertThat(metadata.get("issuer").asText()).isEqualTo(issuer);
        assertThat(metadata.get("token_endpoint").asText()).isEqualTo(issuer + "token");
        assertThat(metadata.get("jwks_uri").asText()).isEqualTo(issuer + "jwk");
    }

    private JsonNode assertRejected(String grant, String error, String code) throws Exception {
        long errorsBefore = stats.snapshot().tokenErrors();
        HttpResponse<String> response = requestToken(baseUrl, grant);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_uri").asText()).isEqualTo(issuer + "errors/" + code);
        assertThat(stats.snapshot().tokenErrors()).isEqualTo(errorsBefore + 1);
        return body;
    }

    /** Verifies the token against the key set the simulator publishes at /maskinporten/jwk. */
    private JWTClaimsSet verifiedAccessToken(String token) throws Exception {
        JWKSet keys = JWKSet.parse(get("/maskinporten/jwk").body());
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        return jwt.getJWTClaimsSet();
    }
}
