// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import no.krrgateway.channel.file.FilePermissions.GroupAccess;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Modes checked on disk: what the file channel writes or moves is owner-only unless a group mode is set. */
class FilePermissionsTest {

    @TempDir
    Path root;

    @Test
    void process_byDefault_outputsAndInputOwnerOnly() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("batch.txt", String.join("\n", TestIds.valid(3, 1)) + "\n");
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rw-r--r--")); // as a umask 022 drops it

        fixture.intake(10, DataSize.ofKilobytes(10)).process(input.toFile());

        List<Path> outputs = files(fixture.outbox);
        assertThat(outputs).hasSize(3);
        assertThat(outputs).allSatisfy(output -> assertThat(mode(output)).as(output.toString()).isEqualTo("rw-------"));
        assertThat(mode(fixture.inbox.resolve(".done/batch.txt"))).as("the input, moved to .done/")
                .isEqualTo("rw-------");
    }

    @Test
    void process_refused_errorFileAndInputOwnerOnly() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("empty.txt", "");

        fixture.intake(10, DataSize.ofKilobytes(10)).process(input.toFile());

        assertThat(mode(fixture.error.resolve("empty.error.json"))).isEqualTo("rw-------");
        assertThat(mode(fixture.error.resolve("empty.txt"))).as("the input, moved to the error folder")
                .isEqualTo("rw-------");
    }

    @Test
    void process_groupRead_outputsGroupReadable() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("batch.txt", String.join("\n", TestIds.valid(3, 1)) + "\n");

        fixture.intake(10, DataSize.ofKilobytes(10), new FilePermissions(GroupAccess.READ)).process(input.toFile());

        assertThat(files(fixture.outbox)).allSatisfy(output -> assertThat(mode(output)).isEqualTo("rw-r-----"));
        assertThat(mode(fixture.inbox.resolve(".done/batch.txt"))).isEqualTo("rw-r-----");
        assertThat(new FilePermissions(GroupAccess.READ_WRITE).mode())
                .isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
    }

    /**
     * The folders it makes hold the names of the files in them, which may name a person (MaskedFileNameIT): under a
     * umask of 022 they would be listable by every user of the host. Made with the files' mode, plus search.
     */
    @Test
    void process_foldersItMakes_openToNoOneTheFilesAreNot() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("batch.txt", String.join("\n", TestIds.valid(3, 1)) + "\n");
        Path refused = fixture.drop("empty.txt", "");
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(10));

        intake.process(input.toFile());
        intake.process(refused.toFile());

        assertThat(mode(fixture.outbox)).as("the outbox").isEqualTo("rwx------");
        assertThat(mode(fixture.error)).as("the error folder").isEqualTo("rwx------");
        assertThat(mode(fixture.inbox.resolve(".done"))).as("the inbox's .done").isEqualTo("rwx------");
    }

    @Test
    void process_groupRead_foldersItMakesGroupListable() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("batch.txt", String.join("\n", TestIds.valid(3, 1)) + "\n");

        fixture.intake(10, DataSize.ofKilobytes(10), new FilePermissions(GroupAccess.READ)).process(input.toFile());

        // at most: the umask may take bits away (022 takes none of these)
        for (Path folder : List.of(fixture.outbox, fixture.inbox.resolve(".done"))) {
            assertThat(Files.getPosixFilePermissions(folder)).as(folder.toString())
                    .isSubsetOf(PosixFilePermissions.fromString("rwxr-x---"))
                    .containsAll(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void process_hardLink_refused() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path elsewhere = Files.writeString(root.resolve("elsewhere.txt"), String.join("\n", TestIds.valid(3, 1)));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(fixture.inbox);
        Path link = Files.createLink(fixture.inbox.resolve("linked.txt"), elsewhere);

        fixture.intake(10, DataSize.ofKilobytes(10)).process(link.toFile());

        assertThat(new ObjectMapper().readTree(fixture.error.resolve("linked.error.json").toFile()).get("reason")
                .asText()).isEqualTo("HARD_LINK");
        assertThat(fixture.chunks).isEmpty();
        assertThat(mode(elsewhere)).as("the other name's file is left as it was").isEqualTo("rw-r--r--");
    }

    /**
     * An input whose mode cannot be changed (dropped by another user, who alone may chmod it) is copied into an
     * owner-only file rather than moved with the mode it came with. The tests run as root, for whom a real chmod does
     * not fail: the chmod is a stand-in that fails as chmod(2) does for a file of another user (EPERM).
     */
    @Test
    void process_inputWhoseModeCannotBeSet_copiedOwnerOnlyAndRemovedFromTheInbox() throws Exception {
        var fixture = new FileIntakeFixture(root);
        String ids = String.join("\n", TestIds.valid(3, 1)) + "\n";
        Path input = fixture.drop("batch.txt", ids);
        Path refused = fixture.drop("sheet.xlsx", "not ids");
        for (Path dropped : List.of(input, refused)) {
            Files.setPosixFilePermissions(dropped, PosixFilePermissions.fromString("rw-r--r--"));
        }
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(10), new FilePermissions(GroupAccess.NONE,
                (file, mode) -> {
                    throw new java.nio.file.FileSystemException(file.toString(), null, "Operation not permitted");
                }));

        intake.process(input.toFile());
        intake.process(refused.toFile());

        Path done = fixture.inbox.resolve(".done/batch.txt");
        assertThat(mode(done)).isEqualTo("rw-------");
        assertThat(done).hasContent(ids);
        assertThat(mode(fixture.error.resolve("sheet.xlsx"))).isEqualTo("rw-------");
        assertThat(fixture.error.resolve("sheet.xlsx")).hasContent("not ids");
        assertThat(FileIntakeFixture.names(fixture.inbox)).containsExactly(".done");
        assertThat(FileIntakeFixture.names(fixture.inbox.resolve(".done"))).containsExactly("batch.txt");
    }

    private static String mode(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path folder) throws Exception {
        try (var list = Files.list(folder)) {
            return list.toList();
        }
    }
}
