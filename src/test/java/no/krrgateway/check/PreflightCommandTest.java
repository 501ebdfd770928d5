// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.NoSuchFileException;
import no.krrgateway.maskinporten.TokenRequestException;
import org.junit.jupiter.api.Test;

class PreflightCommandTest {

    @Test
    void reason_deepestCauseWhenNoBindingError() {
        var failure = new IllegalStateException("outer", new IllegalStateException("camel.component.kafka.brokers is "
                + "not set"));

        assertThat(PreflightCommand.reason(failure)).isEqualTo("camel.component.kafka.brokers is not set");
    }

    @Test
    void reason_fileNotReadable_namesTheProperty() {
        // README's production check with no key file at the path printed the bare path as its FAIL line
        var failure = new IllegalStateException("Error creating bean 'signingKey'", new IllegalStateException(
                "cannot read the JWK at gateway.maskinporten.jwk.path (/secrets/k.json)",
                new NoSuchFileException("/secrets/k.json")));

        assertThat(PreflightCommand.reason(failure)).isEqualTo(
                "cannot read the JWK at gateway.maskinporten.jwk.path (/secrets/k.json): NoSuchFileException");
    }

    @Test
    void reason_urlCredentialsBlanked() {
        var failure = new IllegalStateException("cannot connect to jdbc:postgresql://gw:S3cret@db/locks?password=S3cret");

        assertThat(PreflightCommand.reason(failure)).doesNotContain("S3cret").contains("jdbc:postgresql://");
    }

    @Test
    void maskinportenRefusal_knownCodeNamesProperty_unknownCodeQuotesMaskinporten() {
        assertThat(MaskinportenCheck.refusal(refused("invalid_grant", "MP-120", "x")))
                .contains("test certificate against production");
        assertThat(MaskinportenCheck.refusal(refused("invalid_scope", "MP-200", "x")))
                .contains("gateway.maskinporten.scopes");
        assertThat(MaskinportenCheck.refusal(refused("odd_error", "MP-999", "Maskinporten refused: odd")))
                .isEqualTo("refused (HTTP 400 odd_error MP-999): Maskinporten refused: odd");
    }

    private static TokenRequestException.Rejected refused(String error, String mpCode, String message) {
        return new TokenRequestException.Rejected(400, error, mpCode, message);
    }
}
