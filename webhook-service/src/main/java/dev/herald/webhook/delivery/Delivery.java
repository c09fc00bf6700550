package dev.herald.webhook.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;
import dev.herald.kit.tracing.TraceContext;

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
    public static final Set<String> STATUSES = Set.of(PENDING, DELIVERED, FAILED);

    /**
     * Svix's schedule: attempt 1 at once, then attempt 2, 3, … after these delays (each ±20 %); once the last has
     * failed, the delivery has failed.
     */
    public static final List<Duration> RETRY_DELAYS = List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));

    /** Statuses that mean "slow down": their {@code Retry-After} is honoured. */
    public static final Set<Integer> THROTTLING = Set.of(429, 502, 503, 504);

    /** A {@code Retry-After} beyond this is taken as this: an endpoint cannot park a delivery for ever. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    @Id
    private String id;

    private String endpointId;
    private String workspaceId;
    private String eventId;
    private String eventType;
    private String payload;
    private String status;
    private int attempts;
    private boolean manual;
    private Instant nextAttemptAt;
    private Integer lastResponseStatus;
    private String lastError;
    private Instant lastAttemptAt;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant deliveredAt;
    private String traceParent;
    private String traceState;

    protected Delivery() {
        // for JPA
    }

    public static Delivery of(
            String endpointId, String workspaceId, String eventId, String eventType, String payload, Instant now) {
        return of(endpointId, workspaceId, eventId, eventType, payload, now, TraceContext.current());
    }

    /** A delivery due now, sent later in {@code trace} (the consumed event's; null when tracing is off). */
    public static Delivery of(
            String endpointId,
            String workspaceId,
            String eventId,
            String eventType,
            String payload,
            Instant now,
            TraceContext trace) {
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
        delivery.updatedAt = now;
        if (trace != null) {
            delivery.traceParent = trace.traceparent();
            delivery.traceState = trace.tracestate();
        }
        return delivery;
    }

    /** A one-off delivery sent by the caller itself (the test event): one attempt, no schedule. */
    public static Delivery sentNow(
            String endpointId,
            String workspaceId,
            String eventId,
            String eventType,
            String payload,
            Instant now,
            Duration lease) {
        Delivery delivery = of(endpointId, workspaceId, eventId, eventType, payload, now);
        delivery.manual = true;
        delivery.lease(now.plus(lease));
        return delivery;
    }

    /** Holds the delivery for one sender; if that sender dies, the lease runs out and another takes it. */
    public void lease(Instant until) {
        nextAttemptAt = until;
    }

    public void markDelivered(int responseStatus, Instant now) {
        attempted(responseStatus, null, now);
        status = DELIVERED;
        deliveredAt = now;
        nextAttemptAt = null;
    }

    /**
     * Records a failed attempt and schedules the next one per the schedule (±20 % jitter), or no earlier than the
     * endpoint's {@code Retry-After} when it is throttling; after the last attempt, or after a manual re-send, the
     * delivery has failed.
     */
    public void markAttemptFailed(Integer responseStatus, String error, Duration retryAfter, Instant now) {
        attempted(responseStatus, error, now);
        if (manual || attempts > RETRY_DELAYS.size()) {
            fail();
            return;
        }
        Duration base = RETRY_DELAYS.get(attempts - 1);
        Duration delay = Duration.ofMillis(
                (long) (base.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
        if (retryAfter != null && responseStatus != null && THROTTLING.contains(responseStatus)) {
            Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        nextAttemptAt = now.plus(delay);
    }

    /** The endpoint is gone (410) or disabled: nothing more is attempted. */
    public void markAbandoned(Integer responseStatus, String error, Instant now) {
        if (responseStatus != null) {
            attempted(responseStatus, error, now);
        } else {
            lastError = error;
            updatedAt = now;
        }
        fail();
    }

    /** A tenant asked for it again (retry, recover): one more attempt, now, with the same webhook-id. */
    public void resend(Instant now) {
        status = PENDING;
        manual = true;
        nextAttemptAt = now;
        updatedAt = now;
    }

    public boolean isFailed() {
        return FAILED.equals(status);
    }

    private void attempted(Integer responseStatus, String error, Instant now) {
        attempts++;
        lastResponseStatus = responseStatus;
        lastError = error == null ? null : error.substring(0, Math.min(error.length(), 500));
        lastAttemptAt = now;
        updatedAt = now;
    }

    private void fail() {
        status = FAILED;
        nextAttemptAt = null;
    }

    public String id() {
        return id;
    }

    public String endpointId() {
        return endpointId;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String eventId() {
        return eventId;
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

    public boolean manual() {
        return manual;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Integer lastResponseStatus() {
        return lastResponseStatus;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastAttemptAt() {
        return lastAttemptAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant deliveredAt() {
        return deliveredAt;
    }

    /** The trace the delivery was planned in, or null (tracing off). */
    public TraceContext trace() {
        return traceParent == null ? null : new TraceContext(traceParent, traceState);
    }
}
