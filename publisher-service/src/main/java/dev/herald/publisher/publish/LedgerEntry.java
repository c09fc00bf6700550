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
 * {@code published}, {@code failed}, or {@code retrying} (a retryable error; the post-service sends the next attempt
 * when it is due; also when Herald put the call off because the platform's breaker is open — a deferral, which
 * uses no attempt). A redelivered request for an entry that has moved on re-emits its result and never calls the
 * platform again.
 */
@Entity
@Table(name = "publish_ledger")
public class LedgerEntry {

    public static final String IN_FLIGHT = "in_flight";
    public static final String PUBLISHED = "published";
    public static final String FAILED = "failed";
    public static final String RETRYING = "retrying";

    @Id
    private String destinationId;

    private String workspaceId;
    private String postId;
    private String accountId;
    private String platform;
    private String state;
    private int attempt;
    private int platformCalls;
    private int deferrals;
    private int claimFence;
    private String platformPostId;
    private String permalink;
    private String errorCode;
    private String errorMessage;
    /** See {@link dev.herald.publisher.publish.service.Checkpoints}. */
    private String platformCheckpoint;

    private Instant publishedAt;
    private Instant nextRetryAt;
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

    /** A retryable failure is waiting for a later attempt than {@code requestAttempt}. */
    public boolean awaitsAttemptAfter(int requestAttempt) {
        return RETRYING.equals(state) && requestAttempt <= attempt;
    }

    /**
     * A manual retry of a failed destination: the post-service sends a later attempt than the one that failed (it
     * re-dispatches a failed destination only when the tenant asks). The entry is due again, so that attempt calls the
     * platform; without this it would re-emit the old failure, which the post-service ignores as stale, and the
     * destination would stay queued. A published entry is never reopened. Returns whether it was.
     */
    public boolean reopenFor(int requestAttempt, Instant now) {
        if (!FAILED.equals(state) || requestAttempt <= attempt) {
            return false;
        }
        state = RETRYING;
        errorCode = null;
        errorMessage = null;
        nextRetryAt = null;
        updatedAt = now;
        return true;
    }

    /**
     * Takes the next fence number for a claim that may call the platform (committed with the claim). Another claim of
     * the same destination — the request redelivered to another publisher while this one was frozen — takes a later
     * one, and {@link #heldBy} then tells the first caller it was superseded.
     */
    public int takeFence() {
        return ++claimFence;
    }

    /** Whether the claim that took {@code fence} is still the latest, and the entry still awaits its call. */
    public boolean heldBy(int fence) {
        return claimFence == fence && IN_FLIGHT.equals(state);
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

    /**
     * Records the platform's answer to the current attempt, or that the call was deferred (never made).
     *
     * @param retryAt for a retryable or deferred outcome: when to try again; {@code null} when the attempts are spent
     */
    public void record(PublishOutcome outcome, Instant retryAt, Instant now) {
        if (isFinal()) {
            return;
        }
        nextRetryAt = null;
        errorCode = outcome.errorCode();
        errorMessage = outcome.errorMessage();
        switch (outcome.kind()) {
            case PUBLISHED -> {
                state = PUBLISHED;
                platformPostId = outcome.platformPostId();
                permalink = outcome.permalink();
                publishedAt = outcome.publishedAt() != null ? outcome.publishedAt() : now;
            }
            case RETRYABLE -> {
                if (retryAt != null) {
                    state = RETRYING;
                    nextRetryAt = retryAt;
                } else {
                    state = FAILED;
                    errorMessage =
                            "Gave up after " + attemptsMade() + " attempts; the last said: " + outcome.errorMessage();
                }
            }
            case DEFERRED -> {
                // beginCall counted a call that was never made; the dispatch does not use up an attempt either.
                platformCalls--;
                deferrals++;
                state = RETRYING;
                nextRetryAt = retryAt;
            }
            case FAILED -> state = FAILED;
        }
        updatedAt = now;
    }

    public PublishResult toResult(Instant now) {
        String status = switch (state) {
            case PUBLISHED -> PublishResult.PUBLISHED;
            case RETRYING -> PublishResult.RETRYING;
            default -> PublishResult.FAILED;
        };
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
                nextRetryAt,
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

    public int attempt() {
        return attempt;
    }

    public Instant nextRetryAt() {
        return nextRetryAt;
    }

    /** Attempts that reached the platform (or may have): dispatches minus the ones deferred without a call. */
    public int attemptsMade() {
        return attempt - deferrals;
    }

    public String platformCheckpoint() {
        return platformCheckpoint;
    }

    public int deferrals() {
        return deferrals;
    }

    public int platformCalls() {
        return platformCalls;
    }
}
