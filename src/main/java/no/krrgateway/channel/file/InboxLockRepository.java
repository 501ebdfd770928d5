// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import java.sql.Timestamp;
import java.util.UUID;
import no.krrgateway.channel.file.FileChannelProperties.SharedInbox;
import no.krrgateway.logging.PersonIdMasking;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.TransactionDefinition;

/**
 * camel-sql's lock, except that a stale row is deleted while still stale and inserted anew in one transaction (one
 * survivor wins: upstream's update could let two take the file, then never refreshed it), and that only a row's holder
 * refreshes or deletes it (one taken over while paused took the file again, each undoing the other's outputs).
 */
final class InboxLockRepository extends JdbcOrphanLockAwareIdempotentRepository {

    static final String TABLE = "CAMEL_MESSAGEPROCESSED";
    /** Camel's columns with room for long file names, createdAt an instant (each JVM's time zone has no say). */
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " (processorName VARCHAR(255), "
            + "messageId VARCHAR(255), createdAt TIMESTAMP WITH TIME ZONE, holder VARCHAR(36), "
            + "PRIMARY KEY (processorName, messageId))";
    private static final String KEY = " WHERE processorName = ? AND messageId = ?";
    private static final String DELETE_STALE = "DELETE FROM " + TABLE + KEY + " AND createdAt < ?";
    private static final String COUNT_ANY_AGE = "SELECT COUNT(*) FROM " + TABLE + KEY;
    private static final Logger log = LoggerFactory.getLogger(InboxLockRepository.class);

    private final HikariDataSource pool;
    private final Counter takeovers;

    private InboxLockRepository(HikariDataSource pool, SharedInbox settings, CamelContext camel, Counter takeovers) {
        super(pool, settings.name(), camel);
        this.pool = pool;
        this.takeovers = takeovers;
        setLockKeepAliveIntervalMillis(settings.keepAliveInterval().toMillis());
        setLockMaxAgeMillis(settings.takeoverAfter().toMillis());
        // Camel's statements on this table (its setTableName would drop the custom ones)
        setTableExistsString("SELECT 1 FROM " + TABLE + " WHERE 1 = 0");
        setCreateString(CREATE_TABLE);
        setQueryString(COUNT_ANY_AGE);
        String holder = "'" + UUID.randomUUID() + "'";
        String mine = KEY + " AND holder = " + holder;
        setInsertString("INSERT INTO " + TABLE + " VALUES (?, ?, ?, " + holder + ")");
        setDeleteString("DELETE FROM " + TABLE + mine);
        setUpdateTimestampQuery("UPDATE " + TABLE + " SET createdAt = ?" + mine);
        // one snapshot per look-and-insert: of two racing instances, the second's insert or takeover fails
        getTransactionTemplate().setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    static InboxLockRepository create(SharedInbox settings, CamelContext camel, Counter takeovers) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("shared-inbox");
        pool.setJdbcUrl(settings.jdbcUrl());
        pool.setUsername(settings.username());
        pool.setPassword(settings.password());
        // polls, the keep-alive and a few files at once; the lock must not wait long for a connection
        pool.setMaximumPoolSize(4);
        pool.setConnectionTimeout(Math.max(1000, settings.keepAliveInterval().toMillis()));
        // fail at start-up if the database cannot be reached, naming it rather than at the first file
        pool.setInitializationFailTimeout(settings.takeoverAfter().toMillis());
        return new InboxLockRepository(new HikariDataSource(pool), settings, camel, takeovers);
    }

    @Override
    protected int insert(String key) {
        // the same clock as the upstream class's look, insert and keep-alive
        Timestamp staleBefore = new Timestamp(System.currentTimeMillis() - getLockMaxAgeMillis());
        int takenOver = jdbcTemplate.update(DELETE_STALE, processorName, key, staleBefore);
        if (jdbcTemplate.queryForObject(COUNT_ANY_AGE, Integer.class, processorName, key) > 0) {
            // another instance took it between our look and now; Camel skips the file and tries at a later poll
            throw new LockTakenElsewhere(key);
        }
        int inserted = super.insert(key);
        if (takenOver > 0) {
            takeovers.increment();
            log.warn("Shared inbox: took over file {} from an instance that stopped refreshing its lock; its outputs "
                    + "are written again, whole", PersonIdMasking.maskName(key));
        }
        return inserted;
    }

    @Override
    protected void doStart() throws Exception {
        try {
            super.doStart();
        } catch (DataAccessException raced) {
            // PostgreSQL's CREATE TABLE IF NOT EXISTS fails when another instance creates the table at the same
            // moment; it is there now (any other cause fails again)
            super.doStart();
            log.info("Shared inbox: table {} was created by another instance at the same moment", TABLE);
        }
        try {
            jdbcTemplate.queryForList("SELECT holder FROM " + TABLE + " WHERE 1 = 0");
        } catch (BadSqlGrammarException oldShape) { // no such column; a database down is thrown on as it is
            // CREATE TABLE IF NOT EXISTS keeps a table of an older version, which would lose every lock silently
            throw new IllegalStateException("The shared inbox's lock table " + TABLE + " was made by an older "
                    + "krr-gateway (no column holder): stop every instance, drop the table (it holds only the locks of "
                    + "files in progress) and start again", oldShape);
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        try {
            super.doShutdown();
        } finally {
            pool.close();
        }
    }

    /** Two instances raced for one file; the loser skips it. */
    static final class LockTakenElsewhere extends IllegalStateException {
        LockTakenElsewhere(String key) {
            super("another instance has just locked file " + PersonIdMasking.maskName(key));
        }
    }
}
