// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

/**
 * A KRR call not made because its tenant is refused ({@link TenantRefusals#check}); route krr-halving catches it and
 * answers the call's ids CONSUMER_ORG_REJECTED. Not a GatewayException: it must never hold anyone else back.
 */
public class TenantRejectedException extends RuntimeException {

    public TenantRejectedException(String outcomeMessage) {
        super(outcomeMessage, null, false, false);
    }
}
