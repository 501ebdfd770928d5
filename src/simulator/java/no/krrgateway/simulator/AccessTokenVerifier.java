// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Lets the simulated KRR accept only live access tokens from the simulated Maskinporten, as the real one would. */
@Profile("simulator")
@Component
public record AccessTokenVerifier(SimulatorKeys keys, Clock clock) {

    /**
     * The org a token was issued for: its {@code consumer.ID} without the {@code 0192:} prefix; null when it has none
     * or cannot be read. For the {@code krrDeniedConsumerOrgs} fault, read after {@link #scopesOf} accepted it.
     */
    String consumerOrgOf(String authorizationHeader) {
        try {
            Object consumer = SignedJWT.parse(authorizationHeader.substring(7).trim()).getJWTClaimsSet()
                    .getClaim("consumer");
            Object id = consumer instanceof java.util.Map<?, ?> map ? map.get("ID") : null;
            return id instanceof String value ? value.substring(value.indexOf(':') + 1) : null;
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** @return the token's scopes, or empty when the token is missing, forged, foreign or expired */
    Optional<Set<String>> scopesOf(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        try {
            SignedJWT token = SignedJWT.parse(authorizationHeader.substring(7).trim());
            if (!JWSAlgorithm.RS256.equals(token.getHeader().getAlgorithm())
                    || !keys.keyId().equals(token.getHeader().getKeyID())
                    || !token.verify(keys.verifier())) {
                return Optional.empty();
            }
            JWTClaimsSet claims = token.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (expiry == null || !expiry.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            String scope = claims.getStringClaim("scope");
            return Optional.of(scope == null ? Set.of() : Arrays.stream(scope.trim().split("\\s+"))
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
