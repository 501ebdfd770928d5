// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.nio.file.Path;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** DEGRADED (200) while another instance holds the inbox, so a standby stays ready for its other channels. */
public record FileInboxHealthIndicator(InboxOwnership ownership, boolean shared, Path inbox)
        implements HealthIndicator {

    public FileInboxHealthIndicator {
        inbox = inbox.toAbsolutePath().normalize();
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
