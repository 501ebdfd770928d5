// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

/** Route krr-halving answers its ids CONSUMER_ORG_REJECTED; not a GatewayException, so it holds nobody else back. */
public class TenantRejectedException extends RuntimeException {

    public TenantRejectedException(String outcomeMessage) {
        super(outcomeMessage, null, false, false);
    }
}
