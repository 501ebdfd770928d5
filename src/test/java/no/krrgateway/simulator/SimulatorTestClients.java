// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Test clients of the simulated Maskinporten: real keys in temp files, real grants, real HTTP. */
final class SimulatorTestClients {

    static final String KID_CLIENT = "test-kid-client";
    static final String CERT_CLIENT = "test-cert-client";
    static final String BOTH_KRR_SCOPES = SimulatorProperties.KONTAKTINFORMASJON_SCOPE + " "
            + SimulatorProperties.DIGITALPOST_SCOPE;
    static final String OTHER_SCOPE = "difitest:test1";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static final RSAKey CLIENT_KEY;
    static final PrivateKey CERT_KEY;
    static final X509Certificate CERTIFICATE;
    private static final Path JWK_FILE;
    private static final Path CERT_FILE;

    static {
        try {
            Path dir = Files.createTempDirectory("simulator-test-clients");
            CLIENT_KEY = new RSAKeyGenerator(2048).keyID("test-kid-" + UUID.randomUUID()).generate();
            JWK_FILE = Files.writeString(dir.resolve("client.jwk.json"), CLIENT_KEY.toJSONString()); // private JWK
            Path keystore = dir.resolve("client.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                    "-dname", "CN=test-cert-client, O=Test, C=NO", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, "changeit".toCharArray());
            }
            CERT_KEY = (PrivateKey) store.getKey("client", "changeit".toCharArray());
            CERTIFICATE = (X509Certificate) store.getCertificate("client");
            CERT_FILE = Files.writeString(dir.resolve("client.pem"), X509CertUtils.toPEMString(CERTIFICATE));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SimulatorTestClients() {
    }

    /** Registers the kid client (both KRR scopes and {@link #OTHER_SCOPE}) and the certificate client. */
    static void register(DynamicPropertyRegistry registry) {
        String prefix = "gateway.simulator.maskinporten.clients";
        registry.add(prefix + "[0].client-id", () -> KID_CLIENT);
        registry.add(prefix + "[0].jwk-path", JWK_FILE::toString);
        registry.add(prefix + "[0].scopes", () -> BOTH_KRR_SCOPES + " " + OTHER_SCOPE);
        registry.add(prefix + "[1].client-id", () -> CERT_CLIENT);
        registry.add(prefix + "[1].certificate-path", CERT_FILE::toString);
        registry.add(prefix + "[1].organization-number", () -> "123456789");
    }

    /** Claims of a valid grant from the kid client, one minute long. */
    static JWTClaimsSet.Builder validClaims(String issuer, String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().audience(issuer).issuer(KID_CLIENT).claim("scope", scope)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString());
    }

    static String kidGrant(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(CLIENT_KEY.getKeyID()).build(), claims,
                signer(CLIENT_KEY));
    }

    static String certificateGrant(JWTClaimsSet claims) {
        try {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .x509CertChain(List.of(Base64.encode(CERTIFICATE.getEncoded()))).build();
            return sign(header, claims, new RSASSASigner(CERT_KEY));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, RSASSASigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static RSASSASigner signer(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> requestToken(String baseUrl, String assertion) throws IOException, InterruptedException {
        String form = "grant_type=" + URLEncoder.encode(MaskinportenSimulatorController.JWT_BEARER, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/maskinporten/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A fresh access token for {@code scope}, fetched from the simulator over HTTP. */
    static String accessToken(String baseUrl, String scope) throws IOException, InterruptedException {
        String issuer = baseUrl + "/maskinporten/";
        HttpResponse<String> response = requestToken(baseUrl, kidGrant(validClaims(issuer, scope).build()));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.body());
        }
        return json(response).get("access_token").asText();
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
