// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Signs Maskinporten-shaped access tokens that the simulated KRR accepts. */
@Profile("simulator")
@Component
public record AccessTokenIssuer(SimulatorKeys keys, Clock clock, SimulatorProperties properties) {

    /** An issued token; {@link #toString()} leaves the token out so it cannot reach a log. */
    record IssuedToken(String accessToken, long expiresIn, String scope) {
        @Override
        public String toString() {
            return "IssuedToken[expiresIn=" + expiresIn + ", scope=" + scope + "]";
        }
    }

    IssuedToken issue(VerifiedGrant grant, String issuer) {
        Instant now = clock.instant();
        String scope = String.join(" ", grant.scopes());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .claim("client_id", grant.clientId())
                .claim("client_amr", grant.clientAmr())
                .claim("consumer", Map.of("authority", "iso6523-actorid-upis", "ID", "0192:" + grant.consumerOrg()))
                .claim("scope", scope)
                .claim("token_type", "Bearer")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime())))
                .jwtID(UUID.randomUUID().toString());
        if (grant.resources().isEmpty()) {
            claims.audience("unspecified");
        } else {
            claims.audience(grant.resources());
        }
        if (grant.pid() != null) {
            claims.claim("pid", grant.pid());
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(keys.keyId())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT token = new SignedJWT(header, claims.build());
        try {
            token.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return new IssuedToken(token.serialize(), lifetime().toSeconds(), scope);
    }

    private Duration lifetime() {
        return properties.maskinporten().tokenLifetime();
    }
}
