// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import org.apache.commons.lang3.StringUtils;

/** What a token is asked for: {@link TokenCache}'s key, since other scopes, resource or customer is another token. */
public record TokenRequest(String scopes, String resource, String consumerOrg) {

    public static TokenRequest of(MaskinportenProperties properties) {
        return new TokenRequest(properties.scopes(), StringUtils.defaultIfBlank(properties.resource(), null),
                StringUtils.defaultIfBlank(properties.consumerOrg(), null));
    }

    public TokenRequest forConsumerOrg(String org) {
        return org == null ? this : new TokenRequest(scopes, resource, org);
    }
}
