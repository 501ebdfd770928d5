// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import no.krrgateway.config.Redact;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the built-in KRR and Maskinporten simulator, so that tests and local runs can tune its behaviour
 * where Digdir's documentation leaves the real services' behaviour open.
 *
 * @param latency     delay added to every KRR call, to mimic a slow register; default {@value #DEFAULT_LATENCY}
 * @param maskinporten the simulated Maskinporten token endpoint
 * @param krr          the simulated KRR lookup endpoints
 * @param faults       faults injected from the start (see {@link FaultSettings}); can be changed while running over
 *                     {@code /simulator/faults}; default none
 */
@Profile("simulator")
@Validated
@ConfigurationProperties("gateway.simulator")
public record SimulatorProperties(
        @NotNull @DefaultValue(SimulatorProperties.DEFAULT_LATENCY) Duration latency,
        @NotNull @Valid @DefaultValue Maskinporten maskinporten,
        @NotNull @Valid @DefaultValue Krr krr,
        // a top-level record of its own (the admin API takes it too): nested for the metadata only by saying so
        @NotNull @Valid @DefaultValue @NestedConfigurationProperty FaultSettings faults) {

    public static final String DEFAULT_LATENCY = "0s";
    public static final String DEFAULT_TOKEN_LIFETIME = "120s";
    public static final String KONTAKTINFORMASJON_SCOPE = "krr:global/kontaktinformasjon.read";
    public static final String DIGITALPOST_SCOPE = "krr:global/digitalpost.read";
    public static final String UNKNOWN_ORGANIZATION = "000000000";

    /**
     * @param issuer        the issuer (and the grant's required {@code aud}); empty means derived from each request
     *                      as {@code {scheme}://{host}:{port}/maskinporten/}; default empty
     * @param tokenLifetime lifetime of issued access tokens, sent as {@code expires_in}; default
     *                      {@value SimulatorProperties#DEFAULT_TOKEN_LIFETIME}
     * @param clients       the registered clients that may ask for tokens; default none
     */
    public record Maskinporten(
            String issuer,
            @NotNull @DefaultValue(SimulatorProperties.DEFAULT_TOKEN_LIFETIME) Duration tokenLifetime,
            @NotNull @Valid List<Client> clients) {

        public Maskinporten {
            clients = clients == null ? List.of() : List.copyOf(clients);
        }

        /** Without credentials an issuer URL might carry. */
        @Override
        public String toString() {
            return "Maskinporten[issuer=" + Redact.url(issuer) + ", tokenLifetime=" + tokenLifetime + ", clients="
                    + clients + "]";
        }
    }

    /**
     * A registered Maskinporten client, authenticated by a registered JWK, by a business certificate, or by either.
     *
     * @param clientId        the client id, which the grant carries as {@code iss}; required
     * @param jwkPath         JSON file with the client's RSA JWK (public or private; only the public part is used),
     *                        matched by the grant header's {@code kid}; default none
     * @param certificatePath PEM file with the client's X.509 certificate, which must equal the grant's
     *                        {@code x5c[0]}; default none
     * @param scopes          scopes the client may ask for; default the two KRR scopes
     * @param organizationNumber the client owner's organisation number, shown in the token's {@code consumer}
     *                        unless the grant names a {@code consumer_org}; default 000000000
     */
    public record Client(
            @NotBlank String clientId,
            Path jwkPath,
            Path certificatePath,
            @NotEmpty @DefaultValue({SimulatorProperties.KONTAKTINFORMASJON_SCOPE,
                    SimulatorProperties.DIGITALPOST_SCOPE}) List<String> scopes,
            @Pattern(regexp = "\\d{9}") @DefaultValue(SimulatorProperties.UNKNOWN_ORGANIZATION)
            String organizationNumber) {

        @AssertTrue(message = "needs jwk-path or certificate-path")
        public boolean isKeyMaterialConfigured() {
            return jwkPath != null || certificatePath != null;
        }
    }

    /**
     * @param filterExpired                 drop kontaktinformasjon, digital_post and sertifikat from persons whose
     *                                      varslingsstatus is KAN_IKKE_VARSLES (as KRR does); default true
     * @param reservedMeansKanIkkeVarsles   a reserved person gets KAN_IKKE_VARSLES; default true
     */
    public record Krr(
            @DefaultValue("true") boolean filterExpired,
            @DefaultValue("true") boolean reservedMeansKanIkkeVarsles) {
    }
}
