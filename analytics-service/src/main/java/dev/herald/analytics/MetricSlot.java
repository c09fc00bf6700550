package dev.herald.analytics;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.events.MetricsRequest;
import dev.herald.kit.id.Ids;

/**
 * One metrics collection slot of a post destination or an account: pending until due, requested (under a lease)
 * until the publisher answers, then collected, unsupported or failed. A rate limit puts it back to pending, later.
 */
@Entity
@Table(name = "metric_slot")
public class MetricSlot {

    public static final String PENDING = "pending";
    public static final String REQUESTED = "requested";
    public static final String COLLECTED = "collected";
    public static final String UNSUPPORTED = "unsupported";
    public static final String FAILED = "failed";

    @Id
    private String id;

    private String workspaceId;
    private String kind;
    private String subjectId;
    private String slot;
    private String accountId;
    private String platform;
    private String postId;
    private String destinationId;
    private String platformPostId;
    private Instant publishedAt;
    private String state;
    private Instant dueAt;
    private int attempts;
    private String requestId;
    private String lastError;
    private Instant createdAt;
    private Instant updatedAt;

    protected MetricSlot() {
        // for JPA
    }

    /** A slot of a published destination's platform post. */
    public static MetricSlot forPost(PublishRecord record, CollectionSchedule.Slot slot, Instant now) {
        MetricSlot s = open(record.workspaceId(), MetricsRequest.POST, record.destinationId(), slot, now);
        s.accountId = record.accountId();
        s.platform = record.platform();
        s.postId = record.postId();
        s.destinationId = record.destinationId();
        s.platformPostId = record.platformPostId();
        s.publishedAt = record.publishedAt();
        return s;
    }

    /** A slot of an account's daily metrics. */
    public static MetricSlot forAccount(
            String workspaceId, String accountId, String platform, CollectionSchedule.Slot slot, Instant now) {
        MetricSlot s = open(workspaceId, MetricsRequest.ACCOUNT, accountId, slot, now);
        s.accountId = accountId;
        s.platform = platform;
        return s;
    }

    private static MetricSlot open(
            String workspaceId, String kind, String subjectId, CollectionSchedule.Slot slot, Instant now) {
        MetricSlot s = new MetricSlot();
        s.id = Ids.newId("mslot");
        s.workspaceId = workspaceId;
        s.kind = kind;
        s.subjectId = subjectId;
        s.slot = slot.label();
        s.state = PENDING;
        s.dueAt = slot.dueAt();
        s.createdAt = now;
        s.updatedAt = now;
        return s;
    }

    /** Whether a report for {@code reportRequestId} still concerns this slot (not collected, not an older request). */
    public boolean awaits(String reportRequestId) {
        return REQUESTED.equals(state) && reportRequestId != null && reportRequestId.equals(requestId);
    }

    public boolean isOpen() {
        return PENDING.equals(state) || REQUESTED.equals(state);
    }

    /** A sample was stored for this slot: it is done, whichever request brought it. */
    public void collected(Instant now) {
        state = COLLECTED;
        lastError = null;
        updatedAt = now;
    }

    /** The platform limited the rate: the slot waits until {@code retryAt} and is asked for again (pushed, not lost). */
    public void rateLimited(Instant retryAt, String reason, Instant now) {
        state = PENDING;
        dueAt = retryAt;
        lastError = reason;
        updatedAt = now;
    }

    /** The platform or account cannot report metrics: no further requests. */
    public void unsupported(String reason, Instant now) {
        state = UNSUPPORTED;
        lastError = reason;
        updatedAt = now;
    }

    /** A failed collection: asked again after a growing wait, given up after {@code maxAttempts}. */
    public void failed(String reason, int maxAttempts, Duration firstWait, Instant now) {
        lastError = reason;
        updatedAt = now;
        if (attempts >= maxAttempts) {
            state = FAILED;
            return;
        }
        state = PENDING;
        dueAt = now.plus(firstWait.multipliedBy(1L << Math.min(attempts, 10)));
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String kind() {
        return kind;
    }

    public String subjectId() {
        return subjectId;
    }

    public String slot() {
        return slot;
    }

    public String state() {
        return state;
    }

    public Instant dueAt() {
        return dueAt;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public String destinationId() {
        return destinationId;
    }

    public String accountId() {
        return accountId;
    }

    public String platform() {
        return platform;
    }

    public String postId() {
        return postId;
    }

    public String platformPostId() {
        return platformPostId;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
