// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.function.Function;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One transactional producer of {@link ExactlyOnceDelivery}, made and initialised on first use. */
final class TransactionSlot {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceDelivery.class);

    final String transactionalId;
    private final Function<String, Producer<byte[], byte[]>> producers;
    private Producer<byte[], byte[]> producer;
    private boolean open;
    long batchStartedAt;
    private long openedAt;

    TransactionSlot(String transactionalId, Function<String, Producer<byte[], byte[]>> producers) {
        this.transactionalId = transactionalId;
        this.producers = producers;
    }

    synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Producer<byte[], byte[]> created = producers.apply(transactionalId);
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    /** The transaction begins at the batch's first write, so its time excludes the KRR calls. */
    Producer<byte[], byte[]> open() {
        Producer<byte[], byte[]> opened = producer();
        if (!open) {
            opened.beginTransaction();
            open = true;
            openedAt = System.nanoTime();
        }
        return opened;
    }

    void commit() {
        producer().commitTransaction();
        open = false;
    }

    /** Aborts a transaction left open; false if that failed and the producer is discarded. */
    boolean end(Throwable failure, Duration transactionTimeout) {
        if (!open) {
            return true;
        }
        if (failure != null) {
            logAbortCause(failure, transactionTimeout);
        }
        open = false;
        try {
            producer().abortTransaction();
            return true;
        } catch (RuntimeException e) {
            // fenced or fatal: a new producer with the same id aborts it when it initialises
            log.info("Aborting the transaction of {} failed ({}); starting a new producer", transactionalId,
                    PoisonRecords.describe(e));
            discard();
            return false;
        }
    }

    synchronized void discard() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("Closing the producer of {} failed", transactionalId, e);
            }
            producer = null;
        }
    }

    /** Surest cause first: Kafka reports "fenced" also for a transaction the broker aborted on its timeout. */
    private void logAbortCause(Throwable failure, Duration transactionTimeout) {
        Duration open = Duration.ofNanos(System.nanoTime() - openedAt);
        Duration batch = Duration.ofNanos(System.nanoTime() - batchStartedAt);
        if (open.compareTo(transactionTimeout) >= 0) {
            log.error("The transaction of {} was open {} s, longer than gateway.kafka.transaction-timeout ({} s): the "
                            + "broker aborted it, and the batch is read again ({})", transactionalId,
                    open.toSeconds(), transactionTimeout.toSeconds(), PoisonRecords.describe(failure));
        } else if (ExceptionUtils.getThrowableList(failure).stream().anyMatch(cause ->
                cause instanceof CommitFailedException || cause instanceof RebalanceInProgressException
                        || cause instanceof IllegalGenerationException || cause instanceof UnknownMemberIdException
                        || cause instanceof FencedInstanceIdException)) {
            log.warn("The batch of {} ran {} s and its consumer no longer owns its partitions (a rebalance, or a batch "
                            + "longer than gateway.kafka.max-poll-interval): the group refused its offsets, its "
                            + "transaction is aborted, and the partitions' owner reads it again ({})",
                    transactionalId, batch.toSeconds(), PoisonRecords.describe(failure));
        } else if (ExceptionUtils.throwableOfType(failure, ProducerFencedException.class) != null) {
            log.warn("The producer {} was fenced by a newer one with the same transactional id; if no restart of this "
                    + "instance explains it, two instances share gateway.kafka.instance-id", transactionalId);
        } else {
            log.warn("The transaction of {} is aborted: its batch failed ({})", transactionalId,
                    PoisonRecords.describe(failure));
        }
    }
}
