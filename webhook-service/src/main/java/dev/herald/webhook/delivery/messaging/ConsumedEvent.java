package dev.herald.webhook.delivery.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.herald.events.CloudEventHeaders;
import dev.herald.kit.inbox.ProcessedEvents;

/** A consumed record's CloudEvents id and type (the type header is the source of truth, the body a fallback). */
record ConsumedEvent(String id, String type) {

    static ConsumedEvent of(ConsumerRecord<String, String> record) {
        var type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return new ConsumedEvent(
                ProcessedEvents.eventId(record),
                type == null ? null : new String(type.value(), StandardCharsets.UTF_8));
    }
}
