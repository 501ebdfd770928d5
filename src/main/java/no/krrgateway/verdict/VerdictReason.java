// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

/** Why a person is not (fully) notifiable; listed in a result in this declaration order (docs/contract.md §3). */
public enum VerdictReason {
    RESERVED,
    NOT_ACTIVE,
    NOT_REGISTERED,
    NO_CONTACT_INFO,
    EMAIL_EXPIRED,
    MOBILE_EXPIRED
}
