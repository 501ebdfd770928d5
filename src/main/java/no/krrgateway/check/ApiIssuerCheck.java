// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.text.ParseException;
import org.springframework.core.env.PropertyResolver;

/** The token issuer's metadata and key set answer as Spring Security's resource server will ask them. */
final class ApiIssuerCheck {

    private static final String NAME = "api token issuer";
    private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    private static final String JWK_SET = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

    private ApiIssuerCheck() {
    }

    static CheckLine run(JsonGet get, PropertyResolver environment) {
        String issuerUri = environment.getProperty(ISSUER, "").trim();
        String jwkSetUri = environment.getProperty(JWK_SET, "").trim();
        if (!jwkSetUri.isEmpty()) {
            return keySet(get, URI.create(jwkSetUri), JWK_SET);
        }
        if (issuerUri.isEmpty()) {
            return CheckLine.fail(NAME, "gateway.api.enabled with gateway.api.auth=jwt needs " + ISSUER + " or "
                    + JWK_SET);
        }
        String base = issuerUri.endsWith("/") ? issuerUri.substring(0, issuerUri.length() - 1) : issuerUri;
        JsonGet.Answer metadata = get.get(URI.create(base + "/.well-known/openid-configuration"));
        if (!metadata.ok()) {
            metadata = get.get(URI.create(base + "/.well-known/oauth-authorization-server"));
        }
        if (!metadata.ok()) {
            return CheckLine.fail(NAME, metadata.problem() + " (nor its openid-configuration): check " + ISSUER);
        }
        JsonNode keys = metadata.json().path("jwks_uri");
        if (!keys.isTextual()) {
            return CheckLine.fail(NAME, "the issuer's metadata has no jwks_uri: check " + ISSUER);
        }
        return keySet(get, URI.create(keys.asText()), ISSUER);
    }

    private static CheckLine keySet(JsonGet get, URI uri, String property) {
        JsonGet.Answer answer = get.get(uri);
        if (!answer.ok()) {
            return CheckLine.fail(NAME, answer.problem() + ": check " + property);
        }
        try {
            int keys = JWKSet.parse(answer.json().toString()).getKeys().size();
            if (keys == 0) {
                return CheckLine.fail(NAME, uri + " holds no keys: no token could be checked; check " + property);
            }
            return CheckLine.ok(NAME, "key set at " + uri + " answered with " + keys + " key(s)");
        } catch (ParseException e) {
            return CheckLine.fail(NAME, uri + " is not a JWK set: check " + property);
        }
    }
}
