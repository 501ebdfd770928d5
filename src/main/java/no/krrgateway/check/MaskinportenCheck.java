// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import no.krrgateway.maskinporten.AccessToken;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenClient;
import no.krrgateway.maskinporten.TokenRequest;
import no.krrgateway.maskinporten.TokenRequestException;

/** The signing key, Maskinporten's well-known document, and a token per scope. */
record MaskinportenCheck(MaskinportenProperties properties, SigningKey signingKey, JsonGet get, TokenClient client,
                         Clock clock) {

    CheckLine key() {
        String property = properties.usesKeystore() ? "gateway.maskinporten.keystore.path"
                : "gateway.maskinporten.jwk.path";
        return CheckLine.ok("signing key", SigningKeyFacts.describe(signingKey, clock) + " (" + property + ")");
    }

    CheckLine wellKnown() {
        URI uri = properties.issuer().resolve(".well-known/oauth-authorization-server");
        JsonGet.Answer answer = get.get(uri);
        String name = "maskinporten";
        if (!answer.ok()) {
            return CheckLine.fail(name, answer.problem() + ": gateway.maskinporten.issuer must be Maskinporten's "
                    + "issuer (https://test.maskinporten.no/ or https://maskinporten.no/), reachable from here "
                    + "(proxy, firewall)");
        }
        String issuer = answer.json().path("issuer").asText("");
        if (!issuer.equals(properties.issuer().toString())) {
            return CheckLine.fail(name, "the well-known document names the issuer '" + issuer + "', not '"
                    + properties.issuer() + "': set gateway.maskinporten.issuer to it");
        }
        String tokenEndpoint = answer.json().path("token_endpoint").asText("");
        if (!tokenEndpoint.equals(properties.effectiveTokenUrl().toString())) {
            return CheckLine.fail(name, "Maskinporten's token endpoint is '" + tokenEndpoint + "', the gateway would "
                    + "use '" + properties.effectiveTokenUrl() + "': set gateway.maskinporten.token-url to it, or "
                    + "leave it unset");
        }
        return CheckLine.ok(name, "well-known document at " + uri + " names this issuer and token endpoint");
    }

    /** One token request per configured scope, so that a refusal names its scope. */
    List<CheckLine> tokens() {
        List<CheckLine> lines = new ArrayList<>();
        TokenRequest configured = TokenRequest.of(properties);
        for (String scope : properties.scopes().trim().split("\\s+")) {
            String name = "token " + scope;
            try {
                AccessToken token = client.fetch(new TokenRequest(scope, configured.resource(),
                        configured.consumerOrg()));
                lines.add(CheckLine.ok(name, "granted to client " + properties.clientId() + ", valid for "
                        + Duration.between(token.issuedAt(), token.expiresAt()).toSeconds() + " s"));
            } catch (TokenRequestException.Rejected e) {
                lines.add(CheckLine.fail(name, "refused (HTTP " + e.status() + " " + e.error()
                        + (e.mpCode() != null ? " " + e.mpCode() : "") + "): "
                        + MaskinportenRefusals.meaning(e.mpCode(), e.getMessage())));
            } catch (TokenRequestException e) {
                lines.add(CheckLine.fail(name, e.getMessage() + ": check gateway.maskinporten.issuer and "
                        + "gateway.maskinporten.token-url, and that Maskinporten is reachable from here"));
            }
        }
        return lines;
    }
}
