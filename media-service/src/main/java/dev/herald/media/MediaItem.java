package dev.herald.media;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An uploaded media file and how far its processing got: {@code processing -> ready | failed}. */
@Entity
@Table(name = "media_item")
public class MediaItem {

    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    @Id
    private String id;

    private String workspaceId;
    private String status;
    private String contentType;
    private Long sizeBytes;
    private String errorCode;
    private String errorMessage;
    private Instant createdAt;
    private Instant updatedAt;

    protected MediaItem() {
        // for JPA
    }

    /** Processing finished well; only a processing item can become ready. */
    public boolean markReady(Instant now) {
        if (!PROCESSING.equals(status)) {
            return false;
        }
        status = READY;
        updatedAt = now;
        return true;
    }

    public boolean markFailed(String code, String message, Instant now) {
        if (!PROCESSING.equals(status)) {
            return false;
        }
        status = FAILED;
        errorCode = code;
        errorMessage = message;
        updatedAt = now;
        return true;
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public Long sizeBytes() {
        return sizeBytes;
    }

    public String errorCode() {
        return errorCode;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
