// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled      ask KRR for {@code application/jose} and verify every answer before using it (docs/evidence.md)
 * @param trustAnchors PEM file of the CA certificates a signer's {@code x5c} chain must lead to; required when enabled
 * @param signerOrg    org number the signer certificate must name (NTRNO-<org> or serialNumber); Digdir's by default
 * @param keep         publish each verified answer as evidence, its evidenceId on every outcome from it; needs enabled
 */
@Validated
@ConfigurationProperties("gateway.krr.signed-answers")
public record SignedAnswersProperties(
        @DefaultValue("false") boolean enabled,
        Path trustAnchors,
        @NotNull @Pattern(regexp = "\\d{9}", message = "must be a 9-digit organisation number")
        @DefaultValue("991825827") String signerOrg,
        @DefaultValue("false") boolean keep) {

    public static List<X509Certificate> readAnchors(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalStateException("gateway.krr.signed-answers.trust-anchors: " + pem
                        + " holds no PEM certificate");
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("gateway.krr.signed-answers.trust-anchors: cannot read certificates from "
                    + pem + ": " + e.getMessage(), e);
        }
    }

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
