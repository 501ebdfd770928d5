// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.ArrayList;
import java.util.List;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * Turns outcomes into Kafka records for camel-kafka's producer, which sends a list as one burst and waits for every
 * acknowledgement: results to the results topic (and notifiable ones to the notifiable topic too), errors to the
 * errors topic; key = person id, and the caller's correlation-id header copied. The value is the outcome's UTF-8 JSON
 * bytes, which the producer's value serializer (ByteArraySerializer, config/application.yml) sends without a copy.
 */
public class KafkaOutcomeRecords {

    private final CamelContext camel;
    private final OutcomeJson json;
    private final TopicsProperties topics;

    public KafkaOutcomeRecords(CamelContext camel, OutcomeJson json, TopicsProperties topics) {
        this.camel = camel;
        this.json = json;
        this.topics = topics;
    }

    public List<Message> toRecords(List<PersonOutcome> outcomes) {
        List<Message> records = new ArrayList<>(outcomes.size() + outcomes.size() / 2);
        for (PersonOutcome outcome : outcomes) {
            // One array per outcome, shared by its results and notifiable records; sent as it is (ByteArraySerializer).
            byte[] value = json.toBytes(outcome);
            if (outcome instanceof PersonOutcome.Result result) {
                records.add(record(topics.results(), outcome, value));
                if (result.verdict().notifiable()) {
                    records.add(record(topics.notifiable(), outcome, value));
                }
            } else {
                records.add(record(topics.errors(), outcome, value));
            }
        }
        return records;
    }

    private Message record(String topic, PersonOutcome outcome, byte[] value) {
        Message message = new DefaultMessage(camel);
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
        if (outcome.personId() != null) {
            message.setHeader(KafkaConstants.KEY, outcome.personId());
        }
        if (outcome.context().correlationId() != null) {
            message.setHeader(KafkaBatchReader.CORRELATION_HEADER, outcome.context().correlationId());
        }
        message.setBody(value);
        return message;
    }
}
