package dev.herald.post.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.herald.events.EventJson;
import dev.herald.events.PublisherHeartbeat;
import dev.herald.post.health.PublisherPresence;

/**
 * Transport adapter: publishers' heartbeats into {@link PublisherPresence}. Every replica reads every heartbeat (a
 * consumer group of its own, from the latest offset): they are only worth anything fresh.
 */
@ApplicationScoped
public class PublisherHeartbeatConsumer {

    public static final String CHANNEL = "publisher-heartbeats";

    private final PublisherPresence presence;

    public PublisherHeartbeatConsumer(PublisherPresence presence) {
        this.presence = presence;
    }

    @Incoming(CHANNEL)
    public void consume(ConsumerRecord<String, String> record) {
        presence.heartbeat(EventJson.read(record.value(), PublisherHeartbeat.class));
    }
}
