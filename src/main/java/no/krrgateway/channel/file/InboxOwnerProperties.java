// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The inbox owner's claim ({@link InboxOwnership}).
 *
 * @param heartbeatInterval how often the owner refreshes its claim, and others look at it
 * @param takeoverAfter     a claim unchanged this long, as another instance sees it, is taken over
 */
@Validated
@ConfigurationProperties("gateway.files.inbox-owner")
public record InboxOwnerProperties(@DefaultValue("5s") @NotNull Duration heartbeatInterval,
                                   @DefaultValue("30s") @NotNull Duration takeoverAfter) {

    /** A missed heartbeat or two (a pause, a slow volume) must not hand a live owner's inbox to another. */
    @AssertTrue(message = "gateway.files.inbox-owner.takeover-after must be at least three times "
            + "gateway.files.inbox-owner.heartbeat-interval (which must be positive)")
    public boolean isTakeoverAfterSeveralHeartbeats() {
        return severalBeats(heartbeatInterval, takeoverAfter);
    }

    /** Also for the shared inbox's keep-alive; an unset value is @NotNull's to report. */
    static boolean severalBeats(Duration interval, Duration takeoverAfter) {
        return interval == null || takeoverAfter == null || (!interval.isNegative() && !interval.isZero()
                && takeoverAfter.compareTo(interval.multipliedBy(3)) >= 0);
    }
}
