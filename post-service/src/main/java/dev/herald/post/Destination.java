package dev.herald.post;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.herald.events.PublishRequest;
import dev.herald.events.PublishResult;
import dev.herald.kit.id.Ids;

/** One post on one account, with its own lifecycle; state changes only through its guarded methods. */
@Entity
@Table(name = "destination")
public class Destination {

    @Id
    private String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "post_id")
    private Post post;

    private String workspaceId;
    private String accountId;
    private String platform;
    private String status;
    private Instant dueAt;
    private int attempts;
    private String platformPostId;
    private String permalink;
    private String errorCode;
    private String errorMessage;
    private Instant publishedAt;
    private Instant nextRetryAt;
    private Instant lateAt;
    private String atRiskCode;
    private String atRiskMessage;
    private Instant atRiskAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected Destination() {
        // for JPA
    }

    /** A new destination: a draft when {@code dueAt} is {@code null}, else scheduled for then. */
    Destination(Post post, AccountView account, Instant dueAt, Instant now) {
        this.id = Ids.newId("dest");
        this.post = post;
        this.workspaceId = post.workspaceId();
        this.accountId = account.id();
        this.platform = account.platform();
        this.status = dueAt == null ? DestinationStatus.DRAFT : DestinationStatus.SCHEDULED;
        this.dueAt = dueAt;
        this.updatedAt = now;
    }

    /** Sets when an editable destination is due; {@code null} makes it a draft again. */
    void reschedule(Instant due, Instant now) {
        if (!DestinationStatus.isEditable(status)) {
            throw new IllegalStateException("Destination " + id + " is " + status);
        }
        status = due == null ? DestinationStatus.DRAFT : DestinationStatus.SCHEDULED;
        dueAt = due;
        updatedAt = now;
    }

    /** Stops a destination that has not reached the publisher; returns {@code false} when there is nothing to stop. */
    boolean cancel(Instant now) {
        if (!DestinationStatus.isEditable(status) && !DestinationStatus.RETRYING.equals(status)) {
            return false;
        }
        status = DestinationStatus.CANCELED;
        dueAt = null;
        nextRetryAt = null;
        updatedAt = now;
        return true;
    }

    /** Makes a failed destination due now again (a manual retry); the attempt count goes on. */
    boolean retry(Instant now) {
        if (!DestinationStatus.FAILED.equals(status)) {
            return false;
        }
        status = DestinationStatus.SCHEDULED;
        dueAt = now;
        errorCode = null;
        errorMessage = null;
        updatedAt = now;
        return true;
    }

    /** Hands the destination to the publisher: the request to stage in the outbox, in the same transaction. */
    public PublishRequest markQueued(Instant now) {
        if (!DestinationStatus.SCHEDULED.equals(status) && !DestinationStatus.RETRYING.equals(status)) {
            throw new IllegalStateException("Destination " + id + " is " + status + ", not due for dispatch");
        }
        PostContent content = post.content();
        attempts++;
        status = DestinationStatus.QUEUED;
        nextRetryAt = null;
        updatedAt = now;
        return new PublishRequest(
                workspaceId,
                post.id(),
                id,
                accountId,
                platform,
                post.mode(),
                content.captionFor(accountId, post.caption()),
                attempts,
                dueAt,
                post.optionsFor(platform),
                content.forAccount(accountId));
    }

    /**
     * Applies a publisher result. Results may arrive twice or out of order: a final state is never left, and a
     * result of an older attempt cannot overwrite a newer one (but a late "published" is the truth and wins).
     *
     * @return {@code true} when the destination changed
     */
    public boolean apply(PublishResult result, Instant now) {
        if (DestinationStatus.isFinal(status)) {
            return false;
        }
        boolean published = PublishResult.PUBLISHED.equals(result.status());
        if (!published && result.attempt() < attempts) {
            return false;
        }
        switch (result.status()) {
            case PublishResult.PUBLISHED -> {
                status = DestinationStatus.PUBLISHED;
                platformPostId = result.platformPostId();
                permalink = result.permalink();
                publishedAt = result.publishedAt() != null ? result.publishedAt() : now;
                errorCode = null;
                errorMessage = null;
            }
            case PublishResult.FAILED -> {
                status = DestinationStatus.FAILED;
                errorCode = result.errorCode();
                errorMessage = result.errorMessage();
            }
            case PublishResult.RETRYING -> {
                status = DestinationStatus.RETRYING;
                errorCode = result.errorCode();
                errorMessage = result.errorMessage();
                nextRetryAt = result.nextRetryAt() != null ? result.nextRetryAt() : now;
                dueAt = nextRetryAt;
            }
            default -> {
                return false;
            }
        }
        updatedAt = now;
        return true;
    }

    /** Flags the destination late (once): still not final well after its due time. */
    public boolean markLate(Instant now) {
        if (lateAt != null || DestinationStatus.isFinal(status)) {
            return false;
        }
        lateAt = now;
        return true;
    }

    /** Flags a scheduled destination at risk (once), with why: its account or media will not be ready. */
    public boolean flagAtRisk(String code, String message, Instant now) {
        if (atRiskAt != null || !DestinationStatus.SCHEDULED.equals(status)) {
            return false;
        }
        atRiskCode = code;
        atRiskMessage = message;
        atRiskAt = now;
        return true;
    }

    public String atRiskCode() {
        return atRiskCode;
    }

    public String atRiskMessage() {
        return atRiskMessage;
    }

    public Instant atRiskAt() {
        return atRiskAt;
    }

    public Instant lateAt() {
        return lateAt;
    }

    public String id() {
        return id;
    }

    public Post post() {
        return post;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String accountId() {
        return accountId;
    }

    public String platform() {
        return platform;
    }

    public String status() {
        return status;
    }

    public Instant dueAt() {
        return dueAt;
    }

    public int attempts() {
        return attempts;
    }

    public String platformPostId() {
        return platformPostId;
    }

    public String permalink() {
        return permalink;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public Instant nextRetryAt() {
        return nextRetryAt;
    }
}
