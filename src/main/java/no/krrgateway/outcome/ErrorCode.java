// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

/** The reason codes of error outcomes (docs/contract.md §3) and of the gateway's own failures. */
public enum ErrorCode {
    INVALID_ID,
    /** A Kafka record or file that is not a lookup request. */
    MALFORMED_REQUEST,
    /** The request named a consumerOrg it may not act for (a topic not in its request-topics). */
    CONSUMER_ORG_REFUSED,
    /** Maskinporten refused (or failed only) a tenant's grant, or KRR its token: retried aside, no one else waits. */
    CONSUMER_ORG_REJECTED,
    /** KRR answered 4xx for the batch holding this id, or listed it twice unalike: retrying cannot fix it. */
    KRR_REJECTED,
    /** Failing for another reason than bad data after gateway.kafka.max-attempts, so the partition moves on. */
    PROCESSING_FAILED,
    /** KRR is down, slow or overloaded: retried, never an outcome. */
    KRR_UNAVAILABLE,
    /** KRR refuses the gateway's token (401/403 that persists): a configuration fault, never an outcome. */
    KRR_ACCESS_DENIED,
    /** A 4xx not about the ids (404, 405, 413, ...): a configuration fault, never an outcome. */
    KRR_MISCONFIGURED,
    /** A signed answer failed verification: nothing in it is used; never an outcome. */
    KRR_SIGNATURE_INVALID,
    /** Maskinporten refused the grant: a configuration fault. */
    TOKEN_REJECTED,
    /** Maskinporten is down or slow. */
    TOKEN_UNAVAILABLE
}
