// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static no.krrgateway.simulator.GrantRejectedException.invalidGrant;
import static no.krrgateway.simulator.GrantRejectedException.invalidRequest;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import no.krrgateway.simulator.RegisteredClients.RegisteredClient;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Applies Maskinporten's JWT-grant rules so clients meet the same refusals as in production. */
@Profile("simulator")
@Component
public class GrantVerifier {

    static final Set<String> KNOWN_CLAIMS = Set.of("aud", "iss", "iat", "exp", "jti", "scope", "resource",
            "consumer_org", "pid", "authorization_details", "nbf");
    private static final Duration MAX_GRANT_LIFETIME = Duration.ofSeconds(120);
    private static final Duration ALLOWED_SKEW = Duration.ofSeconds(10);

    private final RegisteredClients clients;
    private final Clock clock;
    private final UsedGrants usedGrants = new UsedGrants();

    public GrantVerifier(RegisteredClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /** @throws GrantRejectedException with Maskinporten's error and MP code when a rule is broken */
    VerifiedGrant verify(String assertion, String issuer) {
        SignedJWT grant = parse(assertion);
        JWTClaimsSet claims = claims(grant);
        RegisteredClient client = clients.find(claims.getIssuer())
                .orElseThrow(() -> invalidGrant("MP-100", "Invalid assertion. Client authentication failed."));
        String clientAmr = ClientAuthenticator.authenticate(grant, client);
        if (!claims.getAudience().equals(List.of(issuer))) {
            throw invalidGrant("MP-110", "Invalid assertion. Invalid JWT claim aud");
        }
        Set<String> unknown = new TreeSet<>(claims.getClaims().keySet());
        unknown.removeAll(KNOWN_CLAIMS);
        if (!unknown.isEmpty()) {
            throw invalidRequest("Invalid assertion. Unknown claims " + unknown);
        }
        Instant now = clock.instant();
        Instant expiry = checkTimes(claims, now);
        List<String> scopes = scopes(claims, client);
        if (!usedGrants.markUsed(client.clientId(), claims.getJWTID(), assertion, expiry, now)) {
            throw invalidGrant("MP-012", "Grant is used before");
        }
        String consumerOrg = stringClaim(claims, "consumer_org");
        return new VerifiedGrant(client.clientId(), clientAmr, scopes, resources(claims),
                consumerOrg != null ? consumerOrg : client.organizationNumber(), stringClaim(claims, "pid"));
    }

    private static SignedJWT parse(String assertion) {
        if (assertion == null || assertion.isBlank()) {
            throw invalidRequest("Invalid assertion. Missing parameter assertion");
        }
        String[] parts = assertion.split("\\.", -1);
        Map<String, Object> header;
        try {
            header = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw invalidRequest("Invalid assertion. Not a JWT");
        }
        if (header.containsKey("x5c") ? !(header.get("x5c") instanceof List) : !header.containsKey("kid")) {
            throw invalidGrant("MP-123", "Invalid assertion. Invalid JWT header: needs kid or an x5c array");
        }
        try {
            return SignedJWT.parse(assertion);
        } catch (ParseException e) {
            throw invalidRequest("Invalid assertion. Not a signed JWT");
        }
    }

    private static JWTClaimsSet claims(SignedJWT grant) {
        try {
            return grant.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalidRequest("Invalid assertion. Invalid parameter value");
        }
    }

    private static Instant checkTimes(JWTClaimsSet claims, Instant now) {
        if (claims.getIssueTime() == null || claims.getExpirationTime() == null) {
            throw invalidRequest("Invalid assertion. Missing claim iat or exp");
        }
        Instant issued = claims.getIssueTime().toInstant();
        Instant expiry = claims.getExpirationTime().toInstant();
        if (Duration.between(issued, expiry).compareTo(MAX_GRANT_LIFETIME) > 0) {
            throw invalidRequest("Invalid assertion. Invalid parameter value: exp - iat is more than 120 seconds");
        }
        if (issued.isAfter(now.plus(ALLOWED_SKEW))) {
            throw invalidGrant("MP-130", "Issue time is after now");
        }
        if (!expiry.isAfter(now) || issued.isBefore(now.minus(ALLOWED_SKEW))) {
            throw invalidGrant("MP-130", "JWT is expired");
        }
        return expiry;
    }

    private static List<String> scopes(JWTClaimsSet claims, RegisteredClient client) {
        String scope = stringClaim(claims, "scope");
        if (scope == null || scope.isBlank()) {
            throw invalidRequest("Invalid assertion. Missing claim scope");
        }
        List<String> scopes = Arrays.stream(scope.trim().split("\\s+")).distinct().toList();
        List<String> refused = scopes.stream().filter(s -> !client.scopes().contains(s)).toList();
        if (!refused.isEmpty()) {
            throw new GrantRejectedException("invalid_scope", "MP-200",
                    "Token request contains invalid scopes for client, " + String.join(" ", refused));
        }
        return scopes;
    }

    /** {@code resource} may be a string or an array: the docs say array, but real clients send a string. */
    private static List<String> resources(JWTClaimsSet claims) {
        Object resource = claims.getClaim("resource");
        if (resource == null) {
            return List.of();
        }
        if (resource instanceof String s) {
            return List.of(s);
        }
        if (resource instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw invalidRequest("Invalid assertion. Invalid parameter value: resource");
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value != null && !(value instanceof String)) {
            throw invalidRequest("Invalid assertion. Invalid parameter value: " + name);
        }
        return (String) value;
    }
}
