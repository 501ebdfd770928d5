// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signed KRR answers (docs/evidence.md).
 *
 * @param enabled      ask KRR for {@code application/jose} and verify every answer before using it
 * @param trustAnchors PEM file of the CA certificates a signer's {@code x5c} chain must lead to; required when enabled
 * @param signerOrg    the organisation number the signer certificate must name ({@code organizationIdentifier}
 *                     {@code NTRNO-<org>} or {@code serialNumber}), Digdir's by default
 * @param keep         publish each verified answer as evidence and mark every outcome from it with its
 *                     {@code evidenceId}; needs enabled
 */
@Validated
@ConfigurationProperties("gateway.krr.signed-answers")
public record SignedAnswersProperties(
        @DefaultValue("false") boolean enabled,
        Path trustAnchors,
        @NotNull @Pattern(regexp = "\\d{9}", message = "must be a 9-digit organisation number")
        @DefaultValue("991825827") String signerOrg,
        @DefaultValue("false") boolean keep) {

    @AssertTrue(message = "gateway.krr.signed-answers.trust-anchors must name a PEM file of CA certificates when "
            + "gateway.krr.signed-answers.enabled is true")
    public boolean isTrustAnchorsGiven() {
        return !enabled || trustAnchors != null;
    }

    @AssertTrue(message = "gateway.krr.signed-answers.keep needs gateway.krr.signed-answers.enabled=true: only a "
            + "verified signed answer is evidence")
    public boolean isKeepOnlyWhenEnabled() {
        return !keep || enabled;
    }
}
