// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import no.krrgateway.channel.file.FileChannelProperties.InboxOwner;
import no.krrgateway.channel.file.FilePermissions.GroupAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances' claims on one inbox, ticked by hand against a clock of the test's. */
class InboxOwnershipTest {

    private static final FilePermissions NONE = new FilePermissions(GroupAccess.NONE);
    private static final InboxOwner SETTINGS = new InboxOwner(Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    @TempDir
    Path inbox;
    private final AtomicLong nanos = new AtomicLong();
    /** Two instances on the inbox; neither has looked at it yet. */
    private InboxOwnership a;
    private InboxOwnership b;

    @BeforeEach
    void twoInstances() {
        a = new InboxOwnership(inbox, SETTINGS, nanos::get, NONE);
        b = new InboxOwnership(inbox, SETTINGS, nanos::get, NONE);
    }

    @Test
    void twoInstances_theFirstTakesTheInboxTheSecondStandsByNamingTheHolder() {
        a.tick();
        b.tick();

        assertOwner(a);
        assertThat(inboxHealth(b)).contains("pid " + ProcessHandle.current().pid());
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

    /** The old temp name was the claim's name and the instance, which the claim publishes: a link planted there. */
    @Test
    void linkPlantedAtTheClaimsTempName_neverWrittenThrough() throws Exception {
        Path canary = Files.writeString(inbox.resolveSibling(inbox.getFileName() + "-canary.results.csv"), "canary");
        a.tick();
        String instance = Files.readAllLines(inbox.resolve(InboxOwnership.CLAIM)).get(0).substring("instance=".length());
        Files.createSymbolicLink(inbox.resolve(InboxOwnership.CLAIM + "." + instance + ".tmp"), canary);

        for (int i = 0; i < 3; i++) {
            advance(5);
            a.tick();
        }

        assertThat(canary).hasContent("canary");
        assertThat(a.isOwner()).isTrue();
        assertThat(Files.readString(inbox.resolve(InboxOwnership.CLAIM))).contains("beat=4");
        try (var names = Files.list(inbox)) {
            assertThat(names.map(name -> name.getFileName().toString()))
                    .as("no temporary claim left behind").hasSize(2);
        }
    }

    @Test
    void claimThatIsAFifo_untrusted_healthDownNamingTheClaim() throws Exception {
        FileIntakeFixture.mkfifo(inbox.resolve(InboxOwnership.CLAIM));

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> b.tick());

        assertUntrusted(b, "not a regular file");
    }

    /** A forged claim rewritten over and over: a real holder's heartbeat count only ever goes up. */
    @Test
    void forgedClaimThatKeepsChanging_untrusted_healthDownNamingTheClaim_untilItIsRemoved() throws Exception {
        Path claim = inbox.resolve(InboxOwnership.CLAIM);
        Files.writeString(claim, "instance=forged\nhost=h\npid=1\nbeat=9\n");
        b.tick();
        assertThat(inboxHealth(b)).contains("held by another instance (host h");

        Files.writeString(claim, "instance=forged\nhost=other\npid=2\nbeat=3\n");
        advance(5);
        b.tick();

        assertUntrusted(b, "heartbeat count went from 9 to 3");
        Files.writeString(claim, "instance=forged\nhost=h\npid=1\nbeat=10\n");
        advance(5);
        b.tick();
        assertUntrusted(b, "heartbeat count went from 9 to 3");

        Files.delete(claim);
        advance(5);
        b.tick();
        assertThat(b.health().getStatus().getCode()).isEqualTo("UP");
        assertThat(b.isOwner()).isTrue();
    }

    @Test
    void claimNotInTheGatewaysFormatTwiceInARow_untrusted() throws Exception {
        Files.writeString(inbox.resolve(InboxOwnership.CLAIM), "whatever 1");
        b.tick();
        assertThat(b.health().getStatus().getCode()).as("perhaps half written: looked at again").isNotEqualTo("DOWN");

        Files.writeString(inbox.resolve(InboxOwnership.CLAIM), "whatever 2");
        advance(5);
        b.tick();

        assertUntrusted(b, "not a claim the gateway writes");
    }

    private void assertUntrusted(InboxOwnership instance, String why) {
        assertThat(instance.isOwner()).isFalse();
        var health = instance.health();
        assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(health.getDetails().get("claim").toString()).endsWith(InboxOwnership.CLAIM);
        assertThat(health.getDetails().get("inbox").toString()).contains(why);
    }

    /** Lets {@code seconds} pass on the test's clock. */
    /** An inbox it makes lists the names of dropped files, which may hold ids: made as FilePermissions says. */
    /** Another instance may take over once takeover-after passes: an owner that cannot refresh stops at half of it. */
    @Test
    void ownerThatCannotRefreshItsClaim_stopsTakingFilesAtHalfTheTakeoverTime_andTakesThemAgainOnceItCan()
            throws Exception {
        a.tick();
        Files.delete(inbox.resolve(InboxOwnership.CLAIM));
        Files.delete(inbox);
        Files.writeString(inbox, "the inbox's mount went away"); // every read and write of the claim fails

        advance(10);
        a.tick();
        assertThat(a.isOwner()).as("10 s without a refresh: still within half of takeover-after").isTrue();
        advance(6);
        a.tick();
        assertThat(a.isOwner()).as("16 s: past half of takeover-after").isFalse();
        assertThat(inboxHealth(a)).contains("unknown: the claim could not be refreshed");

        Files.delete(inbox);
        Files.createDirectory(inbox);
        a.tick();
        assertThat(a.isOwner()).isTrue();
    }

    @Test
    void missingInbox_madeWithTheFilesModeAndSearch() throws Exception {
        Path missing = inbox.resolve("data/inbox");
        var owner = new InboxOwnership(missing, SETTINGS, nanos::get, NONE);

        owner.tick();

        assertOwner(owner);
        for (Path folder : java.util.List.of(missing, missing.getParent())) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                    .as(folder.toString()).isEqualTo("rwx------");
        }
    }

    /** The health's inbox detail: whether the claim is trusted, and who holds the inbox. */
    private static String inboxHealth(InboxOwnership instance) {
        return instance.health().getDetails().get("inbox").toString();
    }

    private void advance(int seconds) {
        nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    /** {@code owner} holds the inbox, and the other instance does not. */
    private void assertOwner(InboxOwnership owner) {
        assertThat(a.isOwner()).as("a is the owner").isEqualTo(owner == a);
        assertThat(b.isOwner()).as("b is the owner").isEqualTo(owner == b);
    }
}
