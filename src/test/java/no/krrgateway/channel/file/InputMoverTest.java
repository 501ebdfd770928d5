// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputMoverTest {

    @TempDir
    Path root;

    /** The same name dropped again once the first was done (a nightly export.csv): before, it replaced the first. */
    @Test
    void toDone_earlierInputOfTheSameName_keptBesideTheNewOne() throws IOException {
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        Files.createDirectories(inbox.resolve(".done"));
        Files.writeString(inbox.resolve(".done/ids.txt"), "old");
        Files.writeString(inbox.resolve(".done/ids-2.txt"), "older");
        Files.writeString(inbox.resolve("ids.txt"), "new");

        var mover = new InputMover(inbox, new FilePermissions(FilePermissions.GroupAccess.NONE));
        assertThat(mover.toDone("ids.txt")).isEqualTo("ids-3.txt");

        assertThat(inbox.resolve("ids.txt")).doesNotExist();
        assertThat(inbox.resolve(".done/ids.txt")).hasContent("old");
        assertThat(inbox.resolve(".done/ids-2.txt")).hasContent("older");
        assertThat(inbox.resolve(".done/ids-3.txt")).hasContent("new");
    }

    @Test
    void toDone_doneSwappedForALinkAfterTheCheck_refusesAndLeavesTheInputInTheInbox() throws IOException {
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(inbox.resolve(".done"), elsewhere);
        Files.writeString(inbox.resolve("ids.txt"), "ids");

        assertThatThrownBy(() -> new InputMover(inbox, new FilePermissions(FilePermissions.GroupAccess.NONE))
                .toDone("ids.txt")).isInstanceOf(IOException.class).hasMessageContaining("not a real folder");

        assertThat(inbox.resolve("ids.txt")).exists();
        assertThat(elsewhere).isEmptyDirectory();
    }

    /**
     * An input that cannot leave the inbox (another user's file in a folder the gateway may not write: copied, then
     * its delete refused) is read again; each try left a whole copy of its ids in .done, NAME, NAME-2, ... for ever.
     */
    @Test
    void toDone_inputCopiedButNotDeletable_noCopyLeftInDone() throws Exception {
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        Files.createDirectories(inbox.resolve(".done"));
        Files.writeString(inbox.resolve("ids.txt"), "ids");
        var mover = new InputMover(inbox, new FilePermissions(FilePermissions.GroupAccess.NONE, (file, mode) -> {
            throw new AccessDeniedException(file.toString()); // another user's file: copied, not moved
        }));
        // the inbox's entries made undeletable, as for a process that may not write the folder (even root)
        assumeTrue(chattr("+i", inbox), "needs chattr on a file system that has it, as root");
        try {
            for (int attempt = 1; attempt <= 3; attempt++) {
                assertThatThrownBy(() -> mover.toDone("ids.txt")).isInstanceOf(IOException.class);
            }
        } finally {
            chattr("-i", inbox);
        }

        assertThat(inbox.resolve("ids.txt")).hasContent("ids");
        assertThat(inbox.resolve(".done")).isEmptyDirectory();
    }

    private static boolean chattr(String flag, Path file) throws Exception {
        try {
            return new ProcessBuilder("chattr", flag, file.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException noChattr) {
            return false;
        }
    }

    @Test
    void claim_aNameDroppedAgainHundredsOfTimes_aFreeNameInAFewTries() throws IOException {
        Set<String> taken = IntStream.rangeClosed(1, 500).mapToObj(n -> n == 1 ? "ids.txt" : "ids-" + n + ".txt")
                .collect(Collectors.toSet());
        AtomicInteger tries = new AtomicInteger();

        String name = FileChecks.claim("ids", List.of(".txt"), claim -> tries.incrementAndGet(),
                file -> taken.contains(file), claim -> { }, free -> free);

        assertThat(taken).doesNotContain(name + ".txt");
        assertThat(name).startsWith("ids-");
        assertThat(tries.get()).as("names tried").isLessThanOrEqualTo(12);
    }
}
