// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

/**
 * How the simulated KRR signs the answers a client asks for as {@code application/jose} (docs/evidence.md).
 *
 * @param folder       where the throw-away test CA is kept: {@code krr-signing-ca.p12} (its key, made on first start
 *                     and reused) and {@code krr-signing-ca.pem} (its certificate, the gateway's trust anchor);
 *                     default none: a fresh CA in memory at every start, served at {@code /simulator/signing/ca.pem}
 * @param organization the organisation number in the signer certificate's subject; default Digdir's 991825827
 * @param fault        the fault every signed answer has until changed over {@code /simulator/signing/fault}; default
 *                     NONE
 */
@Profile("simulator")
@Validated
@ConfigurationProperties("gateway.simulator.signing")
public record SimulatorSigningProperties(
        Path folder,
        @Pattern(regexp = "\\d{9}") @DefaultValue("991825827") String organization,
        @NotNull @DefaultValue("NONE") KrrAnswerSigner.Fault fault) {
}
