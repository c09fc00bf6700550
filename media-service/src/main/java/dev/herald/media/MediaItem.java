package dev.herald.media;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.id.Ids;

/**
 * An uploaded media file and how far it got: {@code pending} (an upload URL waits for its bytes) {@code ->
 * processing -> ready | failed}.
 */
@Entity
@Table(name = "media_item")
public class MediaItem {

    public static final String PENDING = "pending";
    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    /** How the bytes arrived. */
    public static final String SOURCE_UPLOAD = "upload";

    public static final String SOURCE_UPLOAD_URL = "upload_url";
    public static final String SOURCE_IMPORT = "import";

    @Id
    private String id;

    private String workspaceId;
    private String status;
    private String source;
    private String sourceUrl;
    private String filename;
    private String altText;
    private String declaredType;
    private String contentType;
    private String kind;
    private Long sizeBytes;
    private Integer width;
    private Integer height;
    private Long durationMs;
    private String videoCodec;
    private String sha256;
    private String storageKey;
    private String thumbnailKey;
    private String compatibility;
    private Instant uploadExpiresAt;
    private Instant uploadReceivedAt;
    private String errorCode;
    private String errorMessage;
    private Instant createdAt;
    /** When a post first named this file; never attached files are cleaned up after a TTL. */
    private Instant firstAttachedAt;

    private Instant updatedAt;

    protected MediaItem() {
        // for JPA
    }

    /** A file whose bytes are already stored (multipart upload or import): it waits for processing. */
    public static MediaItem stored(
            String id,
            String workspaceId,
            String source,
            String sourceUrl,
            String filename,
            String altText,
            String declaredType,
            long size,
            Instant now) {
        MediaItem item = create(id, workspaceId, source, filename, declaredType, now);
        item.status = PROCESSING;
        item.sourceUrl = sourceUrl;
        item.altText = altText;
        item.sizeBytes = size;
        return item;
    }

    /** An upload URL was handed out: the item waits for exactly {@code size} bytes until {@code expiresAt}. */
    public static MediaItem awaitingUpload(
            String workspaceId, String filename, String declaredType, long size, Instant expiresAt, Instant now) {
        MediaItem item = create(Ids.newId("med"), workspaceId, SOURCE_UPLOAD_URL, filename, declaredType, now);
        item.status = PENDING;
        item.sizeBytes = size;
        item.uploadExpiresAt = expiresAt;
        return item;
    }

    private static MediaItem create(
            String id, String workspaceId, String source, String filename, String declaredType, Instant now) {
        MediaItem item = new MediaItem();
        item.id = id;
        item.workspaceId = workspaceId;
        item.source = source;
        item.filename = filename;
        item.declaredType = declaredType;
        item.storageKey = storageKeyOf(workspaceId, id);
        item.createdAt = now;
        item.updatedAt = now;
        return item;
    }

    /** Where the original bytes of a new item go. */
    public static String storageKeyOf(String workspaceId, String id) {
        return "objects/" + workspaceId + "/" + id;
    }

    /** Where a direct upload (S3 presigned PUT) lands before {@code complete} moves it to {@link #storageKey()}. */
    public String uploadKey() {
        return "uploads/" + workspaceId + "/" + id;
    }

    public boolean uploadExpired(Instant now) {
        return uploadExpiresAt != null && !now.isBefore(uploadExpiresAt);
    }

    public boolean uploadReceived() {
        return uploadReceivedAt != null;
    }

    /** The client says the upload is done; only a pending item whose bytes arrived can start processing. */
    public boolean complete(Instant now) {
        if (!PENDING.equals(status) || uploadReceivedAt == null) {
            return false;
        }
        status = PROCESSING;
        updatedAt = now;
        return true;
    }

    /** Processing found the file good: records what it measured; only a processing item can become ready. */
    public boolean markReady(Measured measured, String compatibilityJson, Instant now) {
        if (!PROCESSING.equals(status)) {
            return false;
        }
        status = READY;
        contentType = measured.mimeType();
        kind = measured.kind();
        width = measured.width();
        height = measured.height();
        durationMs = measured.durationMs();
        videoCodec = measured.videoCodec();
        sha256 = measured.sha256();
        thumbnailKey = measured.thumbnailKey();
        compatibility = compatibilityJson;
        updatedAt = now;
        return true;
    }

    public boolean markFailed(String code, String message, String mimeType, Instant now) {
        if (!PROCESSING.equals(status)) {
            return false;
        }
        status = FAILED;
        errorCode = code;
        errorMessage = message;
        contentType = mimeType;
        updatedAt = now;
        return true;
    }

    /** Later copies of the same bytes in a workspace point at the first one's object; theirs is deleted. */
    public void shareStorageWith(MediaItem original) {
        storageKey = original.storageKey;
    }

    /** What processing measured. */
    public record Measured(
            String mimeType,
            String kind,
            Integer width,
            Integer height,
            Long durationMs,
            String videoCodec,
            String sha256,
            String thumbnailKey) {

        public Measured withThumbnail(String key) {
            return new Measured(mimeType, kind, width, height, durationMs, videoCodec, sha256, key);
        }
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

    public boolean isProcessing() {
        return PROCESSING.equals(status);
    }

    public String source() {
        return source;
    }

    public String sourceUrl() {
        return sourceUrl;
    }

    public String filename() {
        return filename;
    }

    public String altText() {
        return altText;
    }

    public String declaredType() {
        return declaredType;
    }

    public String contentType() {
        return contentType;
    }

    public String kind() {
        return kind;
    }

    public Long sizeBytes() {
        return sizeBytes;
    }

    public Integer width() {
        return width;
    }

    public Integer height() {
        return height;
    }

    public Long durationMs() {
        return durationMs;
    }

    public String videoCodec() {
        return videoCodec;
    }

    public String sha256() {
        return sha256;
    }

    public String storageKey() {
        return storageKey;
    }

    public String thumbnailKey() {
        return thumbnailKey;
    }

    public String compatibility() {
        return compatibility;
    }

    public Instant uploadExpiresAt() {
        return uploadExpiresAt;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant firstAttachedAt() {
        return firstAttachedAt;
    }
}
