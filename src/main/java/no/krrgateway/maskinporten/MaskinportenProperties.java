// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import no.krrgateway.config.Redact;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param issuer        the issuer with its trailing slash ({@code https://test.maskinporten.no/}); the grant's aud
 * @param tokenUrl      token endpoint (default {@code {issuer}token})
 * @param clientId      the integration's client id; the grant's iss
 * @param scopes        space-separated scopes
 * @param consumerOrg   org.nr when looking up on a customer's behalf (default none)
 * @param resource      audience restriction for the token (default none)
 * @param grantLifetime exp minus iat of the grant, at most 120 s
 * @param algorithm     RS256, RS384 or RS512
 * @param refreshAheadMin      renew a cached token when less than this remains ...
 * @param refreshAheadFraction ... or less than this fraction of its lifetime, whichever is longer
 * @param timeout         one token request's timeout
 * @param retryAttempts   attempts per token request on 5xx, timeouts and refused connections
 * @param retryBackoff    first wait between attempts, doubled each time, each drawn within half of it either side
 * @param retryMaxBackoff longest wait between attempts
 * @param keystore      PKCS#12 business certificate (the grant carries {@code x5c}); exactly one of keystore and jwk
 * @param jwk           self-registered RSA key (the grant carries {@code kid})
 */
@Validated
@ConfigurationProperties("gateway.maskinporten")
public record MaskinportenProperties(
        @NotNull URI issuer,
        URI tokenUrl,
        @NotBlank String clientId,
        @DefaultValue("krr:global/kontaktinformasjon.read") @NotBlank String scopes,
        @Pattern(regexp = "\\d{9}|\\s*", message = "gateway.maskinporten.consumer-org must be a 9-digit organisation "
                + "number") String consumerOrg,
        String resource,
        @DefaultValue("120s") @NotNull Duration grantLifetime,
        @DefaultValue("RS256") @NotNull @Pattern(regexp = "RS256|RS384|RS512") String algorithm,
        @DefaultValue("20s") @NotNull Duration refreshAheadMin,
        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("0.9") double refreshAheadFraction,
        @DefaultValue("10s") @NotNull @DurationMin(nanos = 1, message = "gateway.maskinporten.timeout must be positive")
        Duration timeout,
        @DefaultValue("5") @Min(1) int retryAttempts,
        @DefaultValue("200ms") @NotNull Duration retryBackoff,
        @DefaultValue("10s") @NotNull Duration retryMaxBackoff,
        @Valid Keystore keystore,
        @Valid Jwk jwk) {

    /**
     * @param path     the PKCS#12 file
     * @param password its password (from the environment or a secret store, never the YAML in the repo)
     * @param alias    the entry holding the private key and certificate chain
     */
    public record Keystore(Path path, String password, String alias) {

        @Override
        public String toString() {
            return "Keystore[path=" + path + ", password=" + Redact.secret(password) + ", alias=" + alias + "]";
        }
    }

    /** @param path a file holding a private RSA JWK with its {@code kid} */
    public record Jwk(Path path) {
    }

    /** Without credentials the URLs might carry; the keystore prints its own without the password. */
    @Override
    public String toString() {
        return "MaskinportenProperties[issuer=" + Redact.url(issuer) + ", tokenUrl=" + Redact.url(tokenUrl)
                + ", clientId=" + clientId + ", scopes=" + scopes + ", consumerOrg=" + consumerOrg + ", resource="
                + resource + ", grantLifetime=" + grantLifetime + ", algorithm=" + algorithm + ", refreshAheadMin="
                + refreshAheadMin + ", refreshAheadFraction=" + refreshAheadFraction + ", timeout=" + timeout
                + ", retryAttempts=" + retryAttempts + ", retryBackoff=" + retryBackoff + ", retryMaxBackoff="
                + retryMaxBackoff + ", keystore=" + keystore + ", jwk=" + jwk + "]";
    }

    public URI effectiveTokenUrl() {
        return tokenUrl != null ? tokenUrl : issuer.resolve("token");
    }

    public boolean usesKeystore() {
        return keystore != null && keystore.path() != null;
    }

    @AssertTrue(message = "set exactly one of gateway.maskinporten.keystore.path and gateway.maskinporten.jwk.path")
    public boolean isExactlyOneKeyKind() {
        return usesKeystore() ^ (jwk != null && jwk.path() != null);
    }

    @AssertTrue(message = "gateway.maskinporten.grant-lifetime must be between 1 and 120 seconds")
    public boolean isGrantLifetimeAllowed() {
        return grantLifetime == null || (grantLifetime.toSeconds() >= 1 && grantLifetime.toSeconds() <= 120);
    }

    @AssertTrue(message = "gateway.maskinporten.retry-backoff must be at least 1ms and at most retry-max-backoff")
    public boolean isRetryBackoffAllowed() {
        return retryBackoff == null || retryMaxBackoff == null
                || (retryBackoff.toMillis() >= 1 && retryBackoff.compareTo(retryMaxBackoff) <= 0);
    }

    @AssertTrue(message = "gateway.maskinporten.issuer must end with '/', as Maskinporten's issuer does")
    public boolean isIssuerWithTrailingSlash() {
        return issuer == null || issuer.toString().endsWith("/");
    }
}
