// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import no.krrgateway.support.TestKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/** The inbox is claimed only by an instance whose routes start, never by the {@code check} command. */
class InboxOwnershipStartTest {

    private final Path root = TestKeys.newFolder();
    private final FileChannelProperties.SharedInbox notShared = new FileChannelProperties.SharedInbox(false, null,
            null, null, "inbox", Duration.ofSeconds(5), Duration.ofSeconds(30));
    private static final CamelContext CAMEL = new DefaultCamelContext();
    private final FileChannelProperties.InboxOwner owner = new FileChannelProperties.InboxOwner(Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    private final FileChannelProperties files = new FileChannelProperties(root.resolve("inbox"),
            root.resolve("outbox"), root.resolve("error"), DataSize.ofMegabytes(1), null, 2, Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5), 3, owner, notShared,
            new FileChannelProperties.Permissions(FilePermissions.GroupAccess.NONE), null);

    @ParameterizedTest(name = "routes starting: {0}")
    @ValueSource(booleans = {false, true})
    void inboxClaimedOnlyWhenTheRoutesStart(boolean routesStart) {
        try (InboxOwnership ownership = new FileChannelConfiguration().inboxOwnership(files, CAMEL, routesStart)) {
            assertThat(ownership.isOwner()).isEqualTo(routesStart);
            assertThat(Files.exists(files.inbox().resolve(InboxOwnership.CLAIM))).isEqualTo(routesStart);
        }
    }
}
