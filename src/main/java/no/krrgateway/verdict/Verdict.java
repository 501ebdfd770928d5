// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The §32 verdict on one person; a channel KRR did not return is empty. */
public record Verdict(boolean notifiable, List<VerdictReason> reasons, Optional<ChannelVerdict> email,
                      Optional<ChannelVerdict> mobile, Instant evaluatedAt) {

    public record ChannelVerdict(String address, boolean usable, Optional<Instant> lastConfirmed,
                                 Optional<Instant> usableUntil) {
    }

    /** Why a person is not (fully) notifiable; listed in a result in this declaration order (docs/contract.md §3). */
    public enum VerdictReason {
        RESERVED, NOT_ACTIVE, NOT_REGISTERED, NO_CONTACT_INFO, EMAIL_EXPIRED, MOBILE_EXPIRED
    }
}
