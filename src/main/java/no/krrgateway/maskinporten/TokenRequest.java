// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

/**
 * What a token is asked for; tokens are cached per request, since a token for other scopes, another resource or
 * another customer is another token.
 *
 * @param scopes      space-separated scopes
 * @param resource    audience restriction, or null
 * @param consumerOrg the customer's org.nr when acting on its behalf, or null
 */
public record TokenRequest(String scopes, String resource, String consumerOrg) {

    public static TokenRequest of(MaskinportenProperties properties) {
        return new TokenRequest(properties.scopes(), blankToNull(properties.resource()),
                blankToNull(properties.consumerOrg()));
    }

    /** The same request on behalf of another customer (null = the configured default's). */
    public TokenRequest forConsumerOrg(String org) {
        return org == null ? this : new TokenRequest(scopes, resource, org);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
