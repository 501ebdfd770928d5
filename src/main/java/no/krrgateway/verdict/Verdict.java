// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The §32 verdict on one person; a channel KRR did not return is empty. */
public record Verdict(boolean notifiable, List<VerdictReason> reasons, Optional<ChannelVerdict> email,
                      Optional<ChannelVerdict> mobile, Instant evaluatedAt) {
}
