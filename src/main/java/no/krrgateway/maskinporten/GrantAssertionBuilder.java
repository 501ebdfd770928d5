// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Digdir's jwt-bearer grant: kid or x5c, only the claims aud, iss, scope, iat, exp, jti (+ consumer_org, resource). */
public record GrantAssertionBuilder(SigningKey key, MaskinportenProperties properties, Clock clock) {

    /** A fresh grant: a new jti and iat on every call, since Maskinporten refuses a grant used before. */
    public Grant build(TokenRequest request) {
        Instant now = clock.instant();
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(properties.issuer().toString())
                .issuer(properties.clientId())
                .claim("scope", request.scopes())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(properties.grantLifetime())))
                .jwtID(jti);
        if (request.consumerOrg() != null) {
            claims.claim("consumer_org", request.consumerOrg());
        }
        if (request.resource() != null) {
            // Maskinporten's newer docs: "currently only array supported".
            claims.claim("resource", List.of(request.resource()));
        }
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.parse(properties.algorithm()));
        header = key.keyId() != null ? header.keyID(key.keyId()) : header.x509CertChain(key.certificateChain());
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the Maskinporten grant", e);
        }
        return new Grant(jwt.serialize(), jti);
    }

    /** A signed grant and its jti (safe to log); {@link #toString()} never shows the grant. */
    public record Grant(String assertion, String jti) {
        @Override
        public String toString() {
            return "Grant[jti=" + jti + "]";
        }
    }
}
