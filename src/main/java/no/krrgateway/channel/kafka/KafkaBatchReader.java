// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.krrgateway.GatewayException;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns one batch of the Kafka batching consumer into lookup work, and remembers, per partition, the last record's
 * commit handle so that offsets are committed only after the outcomes are written.
 * Records of partitions this consumer no longer owns (revoked in a rebalance while the batch gathered) are left to
 * their new owner: they are neither looked up nor committed here. Records whose batch kept failing for a reason other
 * than KRR or Maskinporten are processed alone ({@link SuspectRecords}), so one poison record cannot block a partition.
 */
public class KafkaBatchReader {

    /** Exchange property holding {@code Map<TopicPartition, KafkaManualCommit>} for the commit step. */
    public static final String COMMITS = "krrGatewayCommits";
    static final String CORRELATION_HEADER = "correlation-id";

    private final LookupRequestParser parser;
    private final PoisonRecords poison;
    private final SuspectRecords suspects;

    public KafkaBatchReader(LookupRequestParser parser, PoisonRecords poison, SuspectRecords suspects) {
        this.parser = parser;
        this.poison = poison;
        this.suspects = suspects;
    }

    public LookupWork read(Exchange batch) {
        List<?> records = batch.getMessage().getBody(List.class);
        List<LookupItem> items = new ArrayList<>();
        List<PersonOutcome> decided = new ArrayList<>();
        Map<TopicPartition, KafkaManualCommit> commits = new LinkedHashMap<>();
        Set<TopicPartition> owned = null;
        List<String> keys = new ArrayList<>();
        for (Object element : records) {
            Message record = ((Exchange) element).getMessage();
            String topic = record.getHeader(KafkaConstants.TOPIC, String.class);
            int partition = record.getHeader(KafkaConstants.PARTITION, Integer.class);
            long offset = record.getHeader(KafkaConstants.OFFSET, Long.class);
            TopicPartition topicPartition = new TopicPartition(topic, partition);
            KafkaManualCommit commit = record.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (owned == null) {
                owned = assignment(commit);
            }
            if (owned != null && !owned.contains(topicPartition)) {
                continue;
            }
            commits.put(topicPartition, commit);
            String key = PoisonRecords.key(topic, partition, offset);
            keys.add(key);
            if (poison.isSuspect(key)) {
                List<LookupItem> alone = new ArrayList<>();
                List<PersonOutcome> aloneDecided = new ArrayList<>();
                read(record, new OutcomeSource.Kafka(topic, partition, offset), alone, aloneDecided);
                suspects.process(new LookupWork(alone, aloneDecided), key);
            } else {
                read(record, new OutcomeSource.Kafka(topic, partition, offset), items, decided);
            }
        }
        batch.setProperty(COMMITS, commits);
        batch.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange exchange) {
                poison.done(keys);
            }

            @Override
            public void onFailure(Exchange exchange) {
                // KRR or Maskinporten trouble holds intake back instead; anything else counts against the records.
                if (!(exchange.getException() instanceof GatewayException)) {
                    poison.failed(keys);
                }
            }
        });
        return new LookupWork(items, decided);
    }

    private void read(Message record, OutcomeSource.Kafka source, List<LookupItem> items,
                      List<PersonOutcome> decided) {
        String value = record.getBody(String.class);
        LookupRequestParser.Parsed parsed = parser.parse(value);
        String requestId = parsed.requestId() != null
                ? parsed.requestId()
                : source.topic() + "-" + source.partition() + "-" + source.offset();
        RequestContext context = new RequestContext(requestId, correlationId(record), source);
        if (parsed.isMalformed()) {
            decided.add(new PersonOutcome.Error(context, null, ErrorCode.MALFORMED_REQUEST, parsed.malformedReason(),
                    value));
            return;
        }
        for (String personId : parsed.personIds()) {
            items.add(new LookupItem(personId, context));
        }
    }

    private static String correlationId(Message record) {
        Object header = record.getHeader(CORRELATION_HEADER);
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }

    // Safe: the batching consumer runs the route on the consumer's own polling thread.
    private static Set<TopicPartition> assignment(KafkaManualCommit commit) {
        if (commit instanceof DefaultKafkaManualCommit manual) {
            return manual.getCamelExchangePayload().consumer.assignment();
        }
        return null;
    }
}
