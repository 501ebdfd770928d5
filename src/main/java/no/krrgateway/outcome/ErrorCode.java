// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

/** The reason codes of error outcomes (docs/contract.md §3) and of the gateway's own failures. */
public enum ErrorCode {
    /** Not a valid Norwegian person id. */
    INVALID_ID,
    /** A Kafka record or file that is not a lookup request. */
    MALFORMED_REQUEST,
    /**
     * The request named a consumerOrg it may not act for (a Kafka record on a topic that is not in the org's
     * gateway.tenants.&lt;org&gt;.request-topics): nothing was looked up for it.
     */
    CONSUMER_ORG_REFUSED,
    /**
     * Maskinporten refused the grant for the request's tenant (a 4xx for its consumer_org), or KRR answered 403 to
     * its token: nothing was looked up, the tenant's token is tried again in the background, and no one else waits.
     */
    CONSUMER_ORG_REJECTED,
    /** KRR answered 4xx for the batch holding this id, and retrying cannot fix it. */
    KRR_REJECTED,
    /**
     * A record whose processing kept failing for a reason other than bad data (e.g. an outcome too large for the
     * broker): after gateway.kafka.max-attempts tries it gets this error, so the partition moves on.
     */
    PROCESSING_FAILED,
    /** KRR is down, slow or overloaded: retried, never an outcome. */
    KRR_UNAVAILABLE,
    /** KRR refuses the gateway's token (401/403 that persists): a configuration fault, never an outcome. */
    KRR_ACCESS_DENIED,
    /**
     * KRR, or a proxy in front of it, answers a 4xx that is not about the batch's ids (404, 405, 413, ...): a wrong
     * URL or a limit on the way, a configuration fault, never an outcome.
     */
    KRR_MISCONFIGURED,
    /**
     * KRR's signed answer failed verification (gateway.krr.signed-answers.*: signature, certificate chain, signer's
     * organisation): nothing in it is used; intake is held back as for a configuration fault, never an outcome.
     */
    KRR_SIGNATURE_INVALID,
    /** Maskinporten refused the grant: a configuration fault. */
    TOKEN_REJECTED,
    /** Maskinporten is down or slow. */
    TOKEN_UNAVAILABLE
}
