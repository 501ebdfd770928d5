// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import com.nimbusds.jose.util.X509CertUtils;
import java.net.URI;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import no.krrgateway.krr.SignedAnswers;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenClient;
import no.krrgateway.maskinporten.TokenRequest;
import no.krrgateway.maskinporten.TokenRequestException;
import org.apache.commons.lang3.StringUtils;

/** The signing key (never any key material), Maskinporten's well-known document, and a token per scope. */
record MaskinportenCheck(MaskinportenProperties properties, SigningKey signingKey, JsonGet get, TokenClient client,
                         Clock clock) {

    private static final String CLIENT = "gateway.maskinporten.client-id";
    private static final String ISSUER = "gateway.maskinporten.issuer";
    private static final String GRANT = "Maskinporten refused the client or its grant: check " + CLIENT + " (a client "
            + "of this environment, " + ISSUER + "), the key registered on it (gateway.maskinporten.jwk.path or "
            + "gateway.maskinporten.keystore.path) and this machine's clock";
    private static final String SCOPE = "the client may not ask for this scope: add it to the client in "
            + "Samarbeidsportalen, or take it out of gateway.maskinporten.scopes";
    private static final String REQUEST = "a value in the grant was refused: check gateway.maskinporten.resource "
            + "and gateway.maskinporten.consumer-org";
    private static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("MP-100", "Maskinporten does not know this client: check " + CLIENT + ", and that the client "
                    + "was made in this environment (a test client is unknown to production and the other way round; "
                    + ISSUER + ")"),
            Map.entry("MP-110", "the grant's audience is not this Maskinporten: " + ISSUER + " must be its issuer "
                    + "exactly, trailing slash included (https://test.maskinporten.no/ or https://maskinporten.no/), "
                    + "and gateway.maskinporten.token-url that issuer's token endpoint"),
            Map.entry("MP-120", "the certificate is not accepted in this environment: a test certificate against "
                    + "production, or a production certificate against test (gateway.maskinporten.keystore.path "
                    + "against " + ISSUER + ")"),
            Map.entry("MP-121", "the registered key has expired (keys live one year from upload): register a new "
                    + "key on the client and point gateway.maskinporten.jwk.path at it"),
            Map.entry("MP-122", "the certificate's organisation number is not the client owner's: use the "
                    + "certificate of the organisation that owns the client (gateway.maskinporten.keystore.path) or "
                    + "that organisation's client (" + CLIENT + ")"),
            Map.entry("MP-123", "the certificate chain in the grant was refused: gateway.maskinporten.keystore.path "
                    + "must hold the business certificate with its chain"),
            Map.entry("MP-124", "the signature does not match a key registered on the client: register this key's "
                    + "public part (with its kid) on the client, or point gateway.maskinporten.jwk.path or "
                    + "gateway.maskinporten.keystore.path at the registered one"),
            Map.entry("MP-130", "the grant was out of date on arrival: this machine's clock is off (synchronise it "
                    + "with NTP)"),
            Map.entry("MP-011", REQUEST), Map.entry("invalid_request", REQUEST),
            Map.entry("MP-012", "the same grant was sent twice (each grant has its own jti): try again"),
            Map.entry("MP-200", SCOPE), Map.entry("invalid_scope", SCOPE),
            Map.entry("invalid_grant", GRANT), Map.entry("invalid_client", GRANT),
            Map.entry("MP-201", "the scope is not for Maskinporten clients of this kind: the client must be a "
                    + "Maskinporten integration (Samarbeidsportalen)"),
            Map.entry("MP-250", "the organisation has not been given access to this scope: ask the scope's owner "
                    + "(Digdir, for KRR) for access"),
            Map.entry("MP-251", "the customer in gateway.maskinporten.consumer-org has not delegated this scope to "
                    + "the organisation in Altinn"),
            Map.entry("", "the answer is not Maskinporten's (no OAuth error in it): a proxy or firewall on the way "
                    + "refused the request, or gateway.maskinporten.token-url is not Maskinporten's token endpoint"));
    /** Norwegian business certificates carry the organisation number as serialNumber or organizationIdentifier. */
    private static final Map<String, String> NAMES = Map.of("2.5.4.5", "SERIALNUMBER",
            "2.5.4.97", "ORGANIZATIONIDENTIFIER");

    CheckLine key() {
        return CheckLine.ok("signing key", describe(signingKey, clock) + " (gateway.maskinporten."
                + (properties.usesKeystore() ? "keystore" : "jwk") + ".path)");
    }

    static String describe(SigningKey key, Clock clock) {
        String daysLeft = key.notAfter() == null ? "no expiry in the file"
                : Duration.between(clock.instant(), key.notAfter()).toDays() + " days left (until " + key.notAfter()
                + ")";
        if (key.keyId() != null) {
            return "JWK with kid " + key.keyId() + ", " + daysLeft
                    + " (Maskinporten keeps a registered key for a year from upload)";
        }
        X500Principal subject;
        try {
            subject = X509CertUtils.parseWithException(key.certificateChain().get(0).decode())
                    .getSubjectX500Principal();
        } catch (CertificateException e) {
            throw new IllegalStateException("the keystore's certificate cannot be read", e);
        }
        String org = Objects.requireNonNullElse(SignedAnswers.organisation(subject),
                "none in the subject (not a business certificate)");
        return "certificate " + subject.getName(X500Principal.RFC2253, NAMES) + ", organisation number " + org + ", "
                + daysLeft;
    }

    CheckLine wellKnown() {
        URI uri = properties.issuer().resolve(".well-known/oauth-authorization-server");
        JsonGet.Answer answer = get.get(uri);
        String name = "maskinporten";
        if (answer.problem() != null) {
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
                lines.add(CheckLine.fail(name, refusal(e)));
            } catch (TokenRequestException e) {
                lines.add(CheckLine.fail(name, e.getMessage() + ": check gateway.maskinporten.issuer and "
                        + "gateway.maskinporten.token-url, and that Maskinporten is reachable from here"));
            }
        }
        return lines;
    }

    /** Explained by its MP code, else by its OAuth error; with neither, the answer came from something else. */
    static String refusal(TokenRequestException.Rejected e) {
        var meaning = MEANINGS.getOrDefault(String.valueOf(e.mpCode()), MEANINGS.get(Objects.toString(e.error(), "")));
        return StringUtils.normalizeSpace("refused (HTTP " + e.status() + " " + Objects.toString(e.error(), "") + " "
                + Objects.toString(e.mpCode(), "")) + "): " + Objects.requireNonNullElse(meaning, e.getMessage());
    }
}
