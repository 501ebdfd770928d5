// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import java.time.Instant;
import java.util.Optional;

/** The §32 verdict on one channel: its address, whether it may be used to notify, and until when. */
public record ChannelVerdict(String address, boolean usable, Optional<Instant> lastConfirmed,
                             Optional<Instant> usableUntil) {
}
