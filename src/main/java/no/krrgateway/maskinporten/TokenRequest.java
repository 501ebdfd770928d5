// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

/** What a token is asked for: the cache key, since other scopes, resource or customer is another token. */
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
