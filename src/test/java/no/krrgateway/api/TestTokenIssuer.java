// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A test authorization server: an RSA key whose public half is served as a JWK set over real HTTP on loopback, and
 * JWTs signed with it (or with a stranger's key) for the gateway's resource server to judge.
 */
public final class TestTokenIssuer implements AutoCloseable {

    public static final String ISSUER = "https://issuer.test/";
    /** The one client the token endpoint knows (OAuth2 client credentials). */
    public static final String CLIENT_ID = "esb-client";
    public static final String CLIENT_SECRET = "esb-client-test-secret";
    private final RSAKey key;
    private final RSAKey stranger;
    private final HttpServer server;

    public TestTokenIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("api-test").generate();
            stranger = new RSAKeyGenerator(2048).keyID("api-test").generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.createContext("/token", this::clientCredentials);
        server.start();
    }

    /**
     * OAuth2 client credentials (RFC 6749 §4.4): the client authenticated by HTTP Basic or in the form; the token
     * carries the scope asked for.
     */
    private void clientCredentials(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                fields.put(java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        boolean known = basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || (CLIENT_ID.equals(fields.get("client_id")) && CLIENT_SECRET.equals(fields.get("client_secret")));
        boolean granted = known && "client_credentials".equals(fields.get("grant_type"));
        byte[] body = (granted
                ? "{\"access_token\":\"" + token(fields.getOrDefault("scope", "")) + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":300}"
                : "{\"error\":\"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(granted ? 200 : 401, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    public String tokenEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    public String token(String scope) {
        return sign(key, scope, Instant.now().plus(Duration.ofMinutes(5)));
    }

    /** A token of the named client (claim {@code client_id}), valid for 10 minutes. */
    public String token(String scope, String clientId) {
        return sign(key, scope, Instant.now().plus(Duration.ofMinutes(10)), clientId);
    }

    public String expiredToken(String scope) {
        return sign(key, scope, Instant.now().minus(Duration.ofMinutes(5)));
    }

    /** Right kid and claims, signed by another key. */
    public String forgedToken(String scope) {
        return sign(stranger, scope, Instant.now().plus(Duration.ofMinutes(5)));
    }

    /**
     * Tokens of the right issuer, kid and scope that no resource server may accept: unsigned (alg none), HMAC-signed
     * with the public key as the secret (the RS256/HS256 confusion), and one not valid for another five minutes.
     */
    public java.util.List<String> hostileTokens(String scope) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("esb-client").claim("scope", scope)
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5)))).build();
            SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                    claims);
            hmac.sign(new com.nimbusds.jose.crypto.MACSigner(key.toRSAPublicKey().getEncoded()));
            SignedJWT early = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder(claims).notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                            .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build());
            early.sign(new RSASSASigner(key));
            return java.util.List.of(new com.nimbusds.jwt.PlainJWT(claims).serialize(), hmac.serialize(),
                    early.serialize());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(RSAKey with, String scope, Instant expiry) {
        return sign(with, scope, expiry, null);
    }

    private static String sign(RSAKey with, String scope, Instant expiry, String clientId) {
        try {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(ISSUER).subject("esb-client")
                    .claim("scope", scope).issueTime(new Date()).expirationTime(Date.from(expiry))
                    .jwtID(UUID.randomUUID().toString());
            if (clientId != null) {
                builder.claim("client_id", clientId);
            }
            JWTClaimsSet claims = builder.build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
