package dev.herald.analytics;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.events.PublishResult;

/** What analytics knows of one destination's publication: where and when it went live (or why not). */
@Entity
@Table(name = "publish_record")
public class PublishRecord {

    @Id
    private String destinationId;

    private String workspaceId;
    private String postId;
    private String accountId;
    private String platform;
    private String status;
    private String platformPostId;
    private String permalink;
    private String errorCode;
    private Instant publishedAt;
    private Instant updatedAt;

    protected PublishRecord() {
        // for JPA
    }

    public static PublishRecord from(PublishResult result) {
        PublishRecord record = new PublishRecord();
        record.destinationId = result.destinationId();
        record.workspaceId = result.workspaceId();
        record.postId = result.postId();
        record.accountId = result.accountId();
        record.platform = result.platform();
        record.apply(result);
        return record;
    }

    /**
     * Applies a result; a published record is final and is never overwritten by a late failure or retry.
     *
     * @return whether this result made the record published (the moment its metrics collection is scheduled)
     */
    public boolean apply(PublishResult result) {
        if (isPublished()) {
            return false;
        }
        status = result.status();
        platformPostId = result.platformPostId();
        permalink = result.permalink();
        errorCode = result.errorCode();
        publishedAt = result.publishedAt();
        updatedAt = result.occurredAt() != null ? result.occurredAt() : Instant.now();
        return isPublished();
    }

    public boolean isPublished() {
        return PublishResult.PUBLISHED.equals(status);
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String destinationId() {
        return destinationId;
    }

    public String postId() {
        return postId;
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

    public String platformPostId() {
        return platformPostId;
    }

    public String permalink() {
        return permalink;
    }

    public String errorCode() {
        return errorCode;
    }

    public Instant publishedAt() {
        return publishedAt;
    }
}
