// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances' claims on one inbox, ticked by hand against a clock of the test's. */
class InboxOwnershipTest {

    private static final InboxOwnerProperties SETTINGS = new InboxOwnerProperties(Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    @TempDir
    Path inbox;
    private final AtomicLong nanos = new AtomicLong();
    /** Two instances on the inbox; neither has looked at it yet. */
    private InboxOwnership a;
    private InboxOwnership b;

    @BeforeEach
    void twoInstances() {
        a = new InboxOwnership(inbox, SETTINGS, nanos::get);
        b = new InboxOwnership(inbox, SETTINGS, nanos::get);
    }

    @Test
    void twoInstances_theFirstTakesTheInboxTheSecondStandsByNamingTheHolder() {
        a.tick();
        b.tick();

        assertOwner(a);
        assertThat(b.holder()).contains("pid " + ProcessHandle.current().pid());
        assertThat(inbox.resolve(InboxOwnership.CLAIM)).exists();
    }

    @Test
    void ownerRefreshing_isNeverTakenOver() {
        a.tick();
        for (int i = 0; i < 20; i++) {
            advance(5);
            a.tick();
            b.tick();
        }
        assertOwner(a);
    }

    @Test
    void ownerStopsRefreshing_theOtherTakesOverAfterTakeoverAfterAndTheOldOwnerStepsBack() {
        a.tick();
        b.tick();
        advance(25);
        b.tick();
        assertThat(b.isOwner()).as("not before takeover-after").isFalse();

        advance(5);
        b.tick();
        assertThat(b.isOwner()).isTrue();

        a.tick(); // a woke up from a long pause
        assertOwner(b);
    }

    @Test
    void ownerClosed_claimRemovedAndTheOtherTakesTheInboxAtItsNextLook() {
        a.tick();
        b.tick();
        a.close();
        assertThat(Files.exists(inbox.resolve(InboxOwnership.CLAIM))).isFalse();

        b.tick();
        assertThat(b.isOwner()).isTrue();
    }

    @Test
    void claimOfAProcessOfThisHostThatNoLongerRuns_takenOverAfterTwoHeartbeats() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = System.getenv("HOSTNAME") != null && !System.getenv("HOSTNAME").isBlank()
                ? System.getenv("HOSTNAME") : java.net.InetAddress.getLocalHost().getHostName();
        Files.writeString(inbox.resolve(InboxOwnership.CLAIM), "instance=old\nhost=" + host + "\npid=" + gone.pid()
                + "\nbeat=7\n");
        b.tick();
        assertThat(b.isOwner()).isFalse();

        advance(10);
        b.tick();
        assertThat(b.isOwner()).isTrue();
    }

    /** Lets {@code seconds} pass on the test's clock. */
    private void advance(int seconds) {
        nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    /** {@code owner} holds the inbox, and the other instance does not. */
    private void assertOwner(InboxOwnership owner) {
        assertThat(a.isOwner()).as("a is the owner").isEqualTo(owner == a);
        assertThat(b.isOwner()).as("b is the owner").isEqualTo(owner == b);
    }
}
