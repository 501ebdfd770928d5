#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Creates the gateway's five topics with Kafka's own tool, as gateway.kafka.create-topics=true does through the admin
# client: topics that exist are left alone (--if-not-exists). Names follow the gateway's GATEWAY_TOPICS_* settings.
#
#   BOOTSTRAP=kafka:9092 PARTITIONS=8 REPLICATION=3 deploy/kafka/create-topics.sh [--command-config client.properties]
#
# BOOTSTRAP    the brokers (default localhost:9092)
# PARTITIONS   partitions per topic (default 6); the request topic needs at least instances x gateway.kafka.consumers
# REPLICATION  replication factor (default: the broker's default.replication.factor)
# EVIDENCE     true: also the evidence topic (gateway.krr.signed-answers.keep), compacted and never deleted by age
#              as docs/evidence.md ("Topic settings") asks
# KAFKA_TOPICS the kafka-topics.sh to use (default: kafka-topics.sh on the PATH)
# Further arguments go to kafka-topics.sh, e.g. --command-config for a secured cluster.
set -euo pipefail

bootstrap="${BOOTSTRAP:-localhost:9092}"
partitions="${PARTITIONS:-6}"
kafka_topics="${KAFKA_TOPICS:-kafka-topics.sh}"
replication=()
if [[ -n "${REPLICATION:-}" ]]; then
  replication=(--replication-factor "$REPLICATION")
fi

for topic in \
    "${GATEWAY_TOPICS_REQUESTS:-krr.lookup.requests}" \
    "${GATEWAY_TOPICS_RESULTS:-krr.lookup.results}" \
    "${GATEWAY_TOPICS_NOTIFIABLE:-krr.lookup.notifiable}" \
    "${GATEWAY_TOPICS_ERRORS:-krr.lookup.errors}" \
    "${GATEWAY_TOPICS_COMPLETED:-krr.lookup.completed}"; do
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" "${replication[@]}" "$@"
done

if [[ "${EVIDENCE:-false}" == "true" ]]; then
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "${GATEWAY_TOPICS_EVIDENCE:-krr.lookup.evidence}" --partitions "$partitions" "${replication[@]}" \
    --config cleanup.policy=compact --config retention.ms=-1 --config max.message.bytes=4194304 "$@"
fi
