// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

/** Hands out a valid token for KRR calls; a token KRR refused can be dropped so the next call gets a fresh one. */
public interface AccessTokenProvider {

    AccessToken token();

    /** A token for looking up on behalf of the customer {@code consumerOrg} (Maskinporten's consumer_org). */
    AccessToken token(String consumerOrg);

    void invalidate(AccessToken refused);
}
