package dev.herald.webhook.delivery.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.herald.webhook.delivery.Delivery;

/** A delivery of one event to one endpoint; its id is the {@code webhook-id} header. */
@Schema(name = "WebhookDelivery")
public record DeliveryResponse(
        String id,
        String object,
        String endpointId,
        String eventId,
        String eventType,

        @Schema(enumeration = {"pending", "delivered", "failed"})
        String status,

        int attempts,
        Instant nextAttemptAt,
        Integer lastResponseStatus,
        String lastError,
        Instant lastAttemptAt,
        Instant createdAt,
        Instant deliveredAt) {

    static DeliveryResponse from(Delivery delivery) {
        return new DeliveryResponse(
                delivery.id(),
                "webhook_delivery",
                delivery.endpointId(),
                delivery.eventId(),
                delivery.eventType(),
                delivery.status(),
                delivery.attempts(),
                Delivery.PENDING.equals(delivery.status()) ? delivery.nextAttemptAt() : null,
                delivery.lastResponseStatus(),
                delivery.lastError(),
                delivery.lastAttemptAt(),
                delivery.createdAt(),
                delivery.deliveredAt());
    }
}
