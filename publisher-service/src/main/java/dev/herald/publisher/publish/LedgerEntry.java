package dev.herald.publisher.publish;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.publisher.connector.PublishOutcome;

/**
 * The publisher's record of one destination: {@code in_flight} (committed before the platform call) then
 * {@code published} or {@code failed}. A redelivered request for a final entry re-emits its result and never calls
 * the platform again.
 */
@Entity
@Table(name = "publish_ledger")
public class LedgerEntry {

    public static final String IN_FLIGHT = "in_flight";
    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";

    @Id
    private String destinationId;

    private String workspaceId;
    private String postId;
    private String accountId;
    private String platform;
    private String state;
    private int attempt;
    private int platformCalls;
    private String platformPostId;
    private String permalink;
    private String errorCode;
    private String errorMessage;
    private Instant publishedAt;
    private Instant updatedAt;

    protected LedgerEntry() {
        // for JPA
    }

    public static LedgerEntry inFlight(PublishRequest request, Instant now) {
        LedgerEntry entry = new LedgerEntry();
        entry.destinationId = request.destinationId();
        entry.workspaceId = request.workspaceId();
        entry.postId = request.postId();
        entry.accountId = request.accountId();
        entry.platform = request.platform();
        entry.state = IN_FLIGHT;
        entry.attempt = request.attempt();
        entry.updatedAt = now;
        return entry;
    }

    public boolean isFinal() {
        return PUBLISHED.equals(state) || FAILED.equals(state);
    }

    public boolean isInFlight() {
        return IN_FLIGHT.equals(state);
    }

    /** Counts a call about to be made to the platform (committed before the call). */
    public void beginCall(int requestAttempt, Instant now) {
        if (isFinal()) {
            throw new IllegalStateException("Destination " + destinationId + " is already " + state);
        }
        state = IN_FLIGHT;
        attempt = Math.max(attempt, requestAttempt);
        platformCalls++;
        updatedAt = now;
    }

    public void record(PublishOutcome outcome, Instant now) {
        if (isFinal()) {
            return;
        }
        if (outcome.kind() == PublishOutcome.Kind.PUBLISHED) {
            state = PUBLISHED;
            platformPostId = outcome.platformPostId();
            permalink = outcome.permalink();
            publishedAt = outcome.publishedAt() != null ? outcome.publishedAt() : now;
        } else {
            state = FAILED;
            errorCode = outcome.errorCode();
            errorMessage = outcome.errorMessage();
        }
        updatedAt = now;
    }

    public PublishResult toResult(Instant now) {
        String status = PUBLISHED.equals(state) ? PublishResult.PUBLISHED : PublishResult.FAILED;
        return new PublishResult(
                workspaceId,
                postId,
                destinationId,
                accountId,
                platform,
                status,
                platformPostId,
                permalink,
                errorCode,
                errorMessage,
                attempt,
                publishedAt,
                null,
                now);
    }

    public String destinationId() {
        return destinationId;
    }

    public String postId() {
        return postId;
    }

    public String state() {
        return state;
    }

    public int platformCalls() {
        return platformCalls;
    }
}
