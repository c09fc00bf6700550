package dev.herald.webhook.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;

/**
 * One event for one endpoint, delivered at least once: its id is the {@code webhook-id} (the same on every retry,
 * so receivers dedupe on it).
 */
@Entity
@Table(name = "webhook_delivery")
public class Delivery {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    /** Svix's schedule: the delay before attempt 2, 3, …; after the last, the delivery has failed. */
    static final List<Duration> RETRY_DELAYS = List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));

    @Id
    private String id;

    private String endpointId;
    private String workspaceId;
    private String eventId;
    private String eventType;
    private String payload;
    private String status;
    private int attempts;
    private Instant nextAttemptAt;
    private Integer lastResponseStatus;
    private String lastError;
    private Instant createdAt;
    private Instant deliveredAt;

    protected Delivery() {
        // for JPA
    }

    public static Delivery of(
            String endpointId, String workspaceId, String eventId, String eventType, String payload, Instant now) {
        Delivery delivery = new Delivery();
        delivery.id = Ids.newId("msg");
        delivery.endpointId = endpointId;
        delivery.workspaceId = workspaceId;
        delivery.eventId = eventId;
        delivery.eventType = eventType;
        delivery.payload = payload;
        delivery.status = PENDING;
        delivery.nextAttemptAt = now;
        delivery.createdAt = now;
        return delivery;
    }

    /** Holds the delivery for one sender; if that sender dies, the lease runs out and another takes it. */
    public void lease(Instant until) {
        nextAttemptAt = until;
    }

    public void markDelivered(int responseStatus, Instant now) {
        attempts++;
        status = DELIVERED;
        lastResponseStatus = responseStatus;
        lastError = null;
        deliveredAt = now;
        nextAttemptAt = null;
    }

    /**
     * Records a failed attempt and schedules the next one per the schedule (±20 % jitter), or no earlier than the
     * endpoint's {@code Retry-After}; after the last, the delivery has failed.
     */
    public void markAttemptFailed(Integer responseStatus, String error, Duration retryAfter, Instant now) {
        attempts++;
        lastResponseStatus = responseStatus;
        lastError = error == null ? null : error.substring(0, Math.min(error.length(), 500));
        if (attempts > RETRY_DELAYS.size()) {
            status = FAILED;
            nextAttemptAt = null;
            return;
        }
        Duration base = RETRY_DELAYS.get(attempts - 1);
        long jittered = (long) (base.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        Duration delay = Duration.ofMillis(jittered);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        nextAttemptAt = now.plus(delay);
    }

    /** The endpoint is gone (410): nothing more is attempted. */
    public void markAbandoned(int responseStatus, Instant now) {
        attempts++;
        status = FAILED;
        lastResponseStatus = responseStatus;
        lastError = "endpoint_gone";
        nextAttemptAt = null;
    }

    public String id() {
        return id;
    }

    public String endpointId() {
        return endpointId;
    }

    public String eventType() {
        return eventType;
    }

    public String payload() {
        return payload;
    }

    public String status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }
}
