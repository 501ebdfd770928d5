// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.nio.file.Path;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health component {@code files}: UP while this instance takes the inbox's files (alone, or sharing it through
 * gateway.files.shared-inbox); DEGRADED while another instance holds the inbox, with whom and what to do about it.
 * DEGRADED answers 200, so a standby instance stays ready for its other channels. DOWN when the claim cannot be
 * trusted ({@link InboxOwnership#distrust()}): then no instance may be taking the inbox's files, and only an operator
 * can tell who wrote the claim.
 */
public class FileInboxHealthIndicator implements HealthIndicator {

    private final InboxOwnership ownership;
    private final boolean shared;
    private final Path inbox;

    public FileInboxHealthIndicator(InboxOwnership ownership, boolean shared, Path inbox) {
        this.ownership = ownership;
        this.shared = shared;
        this.inbox = inbox.toAbsolutePath().normalize();
    }

    @Override
    public Health health() {
        if (shared) {
            return Health.up().withDetail("inbox", "shared with other instances (gateway.files.shared-inbox)")
                    .build();
        }
        String distrust = ownership.distrust();
        if (distrust != null) {
            return Health.down().withDetail("claim", inbox.resolve(InboxOwnership.CLAIM).toString())
                    .withDetail("inbox", "the owner claim cannot be trusted: " + distrust + "; this instance takes "
                            + "no files from " + inbox + " until the claim is removed")
                    .build();
        }
        if (ownership.isOwner()) {
            return Health.up().withDetail("inbox", "taken by this instance").build();
        }
        return Health.status("DEGRADED")
                .withDetail("inbox", "held by another instance (" + ownership.holder() + "); this instance takes "
                        + "no files from " + inbox + ". To let several instances share one inbox, enable "
                        + "gateway.files.shared-inbox")
                .build();
    }
}
