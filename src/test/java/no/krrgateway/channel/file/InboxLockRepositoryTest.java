// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.krrgateway.channel.file.FileChannelProperties.SharedInbox;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances' lock repositories on one real (in-memory H2) database. An instance that dies is simulated by ageing
 * its row, which is exactly what a dead instance's missing keep-alives do.
 */
class InboxLockRepositoryTest {

    private static final Duration TAKEOVER_AFTER = Duration.ofSeconds(30);

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SharedInbox settings;
    private InboxLockRepository first;
    private InboxLockRepository second;
    private JdbcTemplate sql;

    @BeforeEach
    void start() {
        settings = new SharedInbox(true, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
                "", "inbox", Duration.ofSeconds(5), TAKEOVER_AFTER);
        first = started(settings, "first");
        second = started(settings, "second");
        sql = first.getJdbcTemplate();
    }

    @AfterEach
    void stop() {
        second.stop();
        first.stop();
    }

    @Test
    void aLockedFileIsRefusedToTheOtherInstanceUntilReleased() {
        assertThat(first.add("ids")).isTrue();
        assertThat(second.add("ids")).isFalse();
        assertThat(second.add("other")).isTrue();

        first.remove("ids");
        assertThat(second.add("ids")).isTrue();
    }

    @Test
    void aLockLeftUnrefreshedIsTakenOverOnceAndCounted() {
        assertThat(first.add("ids")).isTrue();
        age("ids", TAKEOVER_AFTER.plusSeconds(1));

        assertThat(second.add("ids")).isTrue();
        assertThat(takeovers("second")).isEqualTo(1);
        assertThat(first.add("ids")).as("the dead instance's successor holds it now").isFalse();
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM " + InboxLockRepository.TABLE, Integer.class))
                .isEqualTo(1);
    }

    @Test
    void aLockStillRefreshedIsNotTakenOver() {
        assertThat(first.add("ids")).isTrue();
        age("ids", TAKEOVER_AFTER.minusSeconds(5));

        assertThat(second.add("ids")).isFalse();
        assertThat(takeovers("second")).isZero();
    }

    @Test
    void aLockTakenOverIsKeptAliveByItsNewOwner() {
        var quickRefresh = new SharedInbox(true, settings.jdbcUrl(), "sa", "", "inbox",
                Duration.ofMillis(100), TAKEOVER_AFTER);
        InboxLockRepository third = started(quickRefresh, "third");
        try {
            assertThat(first.add("ids")).isTrue();
            first.getProcessorNameMessageIdSet().clear(); // the first instance died: nobody else refreshes the row
            age("ids", TAKEOVER_AFTER.plusSeconds(1));
            assertThat(third.add("ids")).isTrue();

            age("ids", TAKEOVER_AFTER.minusSeconds(1));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(createdAt("ids"))
                    .as("refreshed by the new owner's keep-alive").isAfter(secondsAgo(5)));
        } finally {
            third.stop();
        }
    }

    /**
     * A holder paused past takeover-after (a long GC, a frozen VM) and then resumed still has the file in its set.
     * Before, its keep-alive refreshed its successor's row and its release deleted it, so it took the file again at
     * its next poll, replacing the successor's outputs in progress, and the two undid each other's until
     * PROCESSING_FAILED (SharedInboxIT's holderPaused test).
     */
    @Test
    void aHolderTakenOverWhileAliveNeitherRefreshesNorDeletesItsSuccessorsLock() {
        var quickRefresh = new SharedInbox(true, settings.jdbcUrl(), "sa", "", "inbox",
                Duration.ofMillis(100), TAKEOVER_AFTER);
        InboxLockRepository late = started(quickRefresh, "late");
        try {
            assertThat(late.add("ids")).isTrue();
            var held = List.copyOf(late.getProcessorNameMessageIdSet());
            late.getProcessorNameMessageIdSet().clear(); // paused: no keep-alive
            age("ids", TAKEOVER_AFTER.plusSeconds(1));
            assertThat(second.add("ids")).isTrue();
            second.getProcessorNameMessageIdSet().clear(); // its own refreshes out of the way
            late.getProcessorNameMessageIdSet().addAll(held); // resumed
            age("ids", TAKEOVER_AFTER.minusSeconds(10));

            Timestamp aged = createdAt("ids");
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(createdAt("ids")).as("not refreshed by the late holder").isEqualTo(aged));
            late.remove("ids");
            assertThat(first.add("ids")).as("the successor's lock is still there").isFalse();
        } finally {
            late.stop();
        }
    }

    /** The key is the file's name (routes/intake-file.camel.yaml): ten digits, an id typed short, are masked. */
    @Test
    void theLoserOfARaceForAStaleLockSkipsTheFile_namingItMasked() {
        assertThat(first.add("2091469501")).isTrue();
        age("2091469501", TAKEOVER_AFTER.plusSeconds(1));
        // the race's winner has deleted the stale row and inserted its own between the loser's look and its insert
        sql.update("DELETE FROM " + InboxLockRepository.TABLE);
        sql.update("INSERT INTO " + InboxLockRepository.TABLE + " (processorName, messageId, createdAt) "
                + "VALUES ('inbox', '2091469501', ?)",
                new Timestamp(System.currentTimeMillis()));

        assertThatThrownBy(() -> second.insert("2091469501"))
                .isInstanceOf(InboxLockRepository.LockTakenElsewhere.class)
                .hasMessage("another instance has just locked file **********");
    }

    @Test
    void twoInstancesRacingForNewFilesOrStaleLocks_eachFileHasExactlyOneWinner() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                String key = "file-" + round;
                boolean stale = round % 2 == 1;
                if (stale) {
                    InboxLockRepository dead = started(settings, "dead");
                    dead.add(key);
                    dead.getProcessorNameMessageIdSet().clear();
                    dead.stop();
                    age(key, TAKEOVER_AFTER.plusSeconds(1));
                }
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> a = racers.submit(() -> tryAdd(together, first, key));
                Future<Boolean> b = racers.submit(() -> tryAdd(together, second, key));
                assertThat(List.of(a.get(), b.get())).as("winners of round %d (stale: %s)", round, stale)
                        .containsExactlyInAnyOrder(true, false);
            }
        } finally {
            racers.shutdownNow();
        }
    }

    /** Camel's read lock skips a file when the repository throws, so a throw is a lost race. */
    private static boolean tryAdd(CyclicBarrier together, InboxLockRepository repository, String key)
            throws Exception {
        together.await();
        try {
            return repository.add(key);
        } catch (RuntimeException lost) {
            return false;
        }
    }

    @Test
    void aLockTableOfAnOlderVersionIsRefusedAtStart_notUsedWithoutItsHolders() {
        var old = new SharedInbox(true, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", "inbox",
                Duration.ofSeconds(5), TAKEOVER_AFTER);
        InboxLockRepository repository = InboxLockRepository.create(old, camel, Counter.builder("t").register(meters));
        repository.getJdbcTemplate().execute("CREATE TABLE " + InboxLockRepository.TABLE + " (processorName "
                + "VARCHAR(255), messageId VARCHAR(255), createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))");
        try {
            assertThatThrownBy(repository::start).hasMessageContaining("older krr-gateway")
                    .hasMessageContaining("drop the table");
        } finally {
            repository.stop();
        }
    }

    @Test
    void settingsRefuseATakeoverShorterThanThreeKeepAlives() {
        var tooShort = new SharedInbox(true, "jdbc:h2:mem:x", null, null, "inbox", Duration.ofSeconds(5),
                Duration.ofSeconds(14));
        var missingUrl = new SharedInbox(true, " ", null, null, "inbox", Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        var off = new SharedInbox(false, null, null, null, "inbox", Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        assertThat(tooShort.isTakeoverAfterSeveralKeepAlives()).isFalse();
        assertThat(settings.isTakeoverAfterSeveralKeepAlives()).isTrue();
        assertThat(missingUrl.isJdbcUrlSetWhenEnabled()).isFalse();
        assertThat(off.isJdbcUrlSetWhenEnabled()).isTrue();
    }

    @Test
    void settingsNeverPrintThePassword() {
        var withPassword = new SharedInbox(true, "jdbc:postgresql://db/krr", "krr", "s3cret-Pa55",
                "inbox", Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(withPassword.toString()).doesNotContain("s3cret-Pa55").contains("password=(set)");
    }

    private InboxLockRepository started(SharedInbox settings, String instance) {
        Counter takeovers = Counter.builder("takeovers").tag("instance", instance).register(meters);
        InboxLockRepository repository = InboxLockRepository.create(settings, camel, takeovers);
        repository.start();
        return repository;
    }

    private double takeovers(String instance) {
        return meters.get("takeovers").tag("instance", instance).counter().count();
    }

    private void age(String key, Duration by) {
        sql.update("UPDATE " + InboxLockRepository.TABLE + " SET createdAt = ? WHERE messageId = ?",
                new Timestamp(System.currentTimeMillis() - by.toMillis()), key);
    }

    private static Timestamp secondsAgo(int seconds) {
        return new Timestamp(System.currentTimeMillis() - seconds * 1000L);
    }

    private Timestamp createdAt(String key) {
        return sql.queryForObject("SELECT createdAt FROM " + InboxLockRepository.TABLE + " WHERE messageId = ?",
                Timestamp.class, key);
    }
}
