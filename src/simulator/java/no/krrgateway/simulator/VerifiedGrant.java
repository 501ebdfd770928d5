// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.util.List;

/**
 * What an accepted grant asks for, as the token issuer needs it.
 *
 * @param clientId     the client ({@code iss} of the grant)
 * @param clientAmr    how the client authenticated: {@code private_key_jwt} or {@code virksomhetssertifikat}
 * @param scopes       the granted scopes
 * @param resources    the requested audiences ({@code resource}); empty when none
 * @param consumerOrg  the organisation number the token is for
 * @param pid          the person the token is restricted to, or null
 */
record VerifiedGrant(String clientId, String clientAmr, List<String> scopes, List<String> resources,
                     String consumerOrg, String pid) {
}
