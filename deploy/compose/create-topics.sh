#!/bin/sh
# One-shot (docker compose): Herald's topics (events/src/main/java/dev/herald/events/Topics.java, each with its
# .dlq) on the single broker. Replication factor 1: one broker. The Kubernetes manifests (k8s/base/kafka) create
# the same topics with replication 3 through Strimzi; .ci/validate-deploy.sh checks that both lists match Topics.java.
set -eu
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
topics=/opt/kafka/bin/kafka-topics.sh
create() {
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$1" --partitions "$2" \
    --replication-factor 1 ${3:+--config "$3"} >/dev/null
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$1.dlq" --partitions 1 \
    --replication-factor 1 >/dev/null
}
# topic                         partitions  config
create herald.publish.requests.v1      6
create herald.publish.results.v1       6
create herald.post.events.v1           6
create herald.media.events.v1          3
create herald.media.jobs.v1            3
create herald.accounts.v1              3  cleanup.policy=compact
create herald.metrics.v1               3
create herald.metrics.requests.v1      3
create herald.publisher.heartbeats.v1  1  retention.ms=3600000
echo "kafka-topics: $("$topics" --bootstrap-server "$bootstrap" --list | grep -c '^herald\.') Herald topics"
