package dev.herald.media.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.events.EventTypes;
import dev.herald.events.Topics;
import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.id.Ids;
import dev.herald.kit.outbox.Outbox;
import dev.herald.kit.tx.AfterCommit;
import dev.herald.media.MediaItem;
import dev.herald.media.config.MediaConfig;
import dev.herald.media.importing.UrlImporter;
import dev.herald.media.processing.MediaInspector;
import dev.herald.media.processing.MediaJob;
import dev.herald.media.repository.MediaItemRepository;
import dev.herald.media.repository.PostUsageRepository;
import dev.herald.media.storage.MediaStorage;
import dev.herald.media.upload.UrlSigner;

/**
 * The media use cases: taking bytes in (multipart, upload URL, import), handing them out (internal stream, signed
 * public URL), reading and deleting items. Bytes are stored before the row exists; the row and its processing job
 * (outbox) commit together, so every stored item gets processed exactly once in effect.
 */
@ApplicationScoped
public class MediaService {

    private static final Logger LOG = Logger.getLogger(MediaService.class);

    private final MediaItemRepository items;
    private final PostUsageRepository usages;
    private final MediaStorage storage;
    private final Outbox outbox;
    private final AfterCommit afterCommit;
    private final UrlSigner signer;
    private final UrlImporter importer;
    private final MediaInspector inspector;
    private final MediaConfig config;

    public MediaService(
            MediaItemRepository items,
            PostUsageRepository usages,
            MediaStorage storage,
            Outbox outbox,
            AfterCommit afterCommit,
            UrlSigner signer,
            UrlImporter importer,
            MediaInspector inspector,
            MediaConfig config) {
        this.items = items;
        this.usages = usages;
        this.storage = storage;
        this.outbox = outbox;
        this.afterCommit = afterCommit;
        this.signer = signer;
        this.importer = importer;
        this.inspector = inspector;
        this.config = config;
    }

    @Transactional
    public List<MediaItem> list(String workspaceId, String after, int limit) {
        return items.page(workspaceId, after, limit);
    }

    @Transactional
    public MediaItem get(String workspaceId, String id) {
        return items.findInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("media", id));
    }

    /** A multipart upload: {@code in} is streamed to storage (capped by the declared kind), then queued. */
    public MediaItem upload(String workspaceId, InputStream in, String filename, String declaredType, String altText) {
        String id = Ids.newId("med");
        String key = MediaItem.storageKeyOf(workspaceId, id);
        long size = store(key, in, capFor(declaredType));
        return QuarkusTransaction.requiringNew()
                .call(() -> enqueue(MediaItem.stored(
                        id,
                        workspaceId,
                        MediaItem.SOURCE_UPLOAD,
                        null,
                        filename,
                        altText,
                        declaredType,
                        size,
                        Instant.now())));
    }

    /** Import from URL: fetched through the SSRF guard, stored, then queued like an upload. */
    public MediaItem importFrom(String workspaceId, String url, boolean liveMode, String altText) {
        long cap = inspector.capOf(dev.herald.rules.MediaFile.VIDEO);
        UrlImporter.Fetched fetched = importer.fetch(url, liveMode, cap);
        try (InputStream in = Files.newInputStream(fetched.file())) {
            String id = Ids.newId("med");
            long size = store(MediaItem.storageKeyOf(workspaceId, id), in, cap);
            return QuarkusTransaction.requiringNew()
                    .call(() -> enqueue(MediaItem.stored(
                            id,
                            workspaceId,
                            MediaItem.SOURCE_IMPORT,
                            fetched.finalUrl(),
                            filenameOf(fetched.finalUrl()),
                            altText,
                            fetched.claimedType(),
                            size,
                            Instant.now())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTemp(fetched.file());
        }
    }

    /** An upload URL for exactly {@code size} bytes, valid for the configured time. */
    @Transactional
    public UploadTicket createUpload(String workspaceId, String filename, String contentType, Long size) {
        List<ApiError.Detail> problems = new java.util.ArrayList<>();
        if (size == null || size <= 0) {
            problems.add(new ApiError.Detail("size", "required", "The exact size of the file in bytes, above 0."));
        }
        String kind = MediaInspector.kindOf(contentType);
        if (kind == null) {
            problems.add(new ApiError.Detail(
                    "content_type",
                    "unsupported_type",
                    "One of image/jpeg, image/png, image/gif, image/webp, video/mp4, video/quicktime."));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("The upload cannot be prepared.", problems);
        }
        long cap = inspector.capOf(kind);
        if (size > cap) {
            throw new ApiException(
                    413,
                    "file_too_large",
                    "A " + kind + " may have at most " + cap + " bytes.",
                    List.of(new ApiError.Detail("size", "too_large", "At most " + cap + " bytes.")));
        }
        Instant now = Instant.now();
        Instant expires = now.plus(config.uploads().ttl());
        MediaItem item = MediaItem.awaitingUpload(workspaceId, filename, contentType, size, expires, now);
        items.persist(item);
        // With S3 the client PUTs straight to the bucket (a presigned URL for exactly this size); otherwise to us.
        String direct = storage.presignedPut(
                        item.uploadKey(), size, config.uploads().ttl())
                .map(java.net.URI::toString)
                .orElse(null);
        return new UploadTicket(item, "/v1/media/uploads/" + signer.sign(UrlSigner.UPLOAD, item.id(), expires), direct);
    }

    /**
     * An item and where to PUT its bytes: {@code directUrl} (S3 presigned) when the storage takes them, else the
     * service's own signed path (the gateway's public address goes in front).
     */
    public record UploadTicket(MediaItem item, String uploadPath, String directUrl) {}

    /**
     * The bytes of a signed upload URL: single use (a second PUT gets 409), before it expires (403), exactly the size
     * announced (400, and the URL can be used again).
     */
    public void receive(String token, Long contentLength, InputStream in) {
        Instant now = Instant.now();
        String id = signer.verify(UrlSigner.UPLOAD, token, now);
        MediaItem item = QuarkusTransaction.requiringNew()
                .call(() -> items.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("media", id)));
        if (item.uploadReceived() || !MediaItem.PENDING.equals(item.status())) {
            throw new ApiException(409, "upload_already_used", "This upload URL was already used.");
        }
        long expected = item.sizeBytes();
        if (contentLength != null && contentLength >= 0 && contentLength != expected) {
            throw sizeMismatch(expected, contentLength);
        }
        if (!QuarkusTransaction.requiringNew().call(() -> items.claimUpload(id, now))) {
            throw item.uploadExpired(now)
                    ? new ApiException(403, "url_expired", "This upload URL expired.")
                    : new ApiException(409, "upload_already_used", "This upload URL was already used.");
        }
        long size;
        try {
            size = storage.write(item.storageKey(), in, expected);
        } catch (MediaStorage.TooLargeException e) {
            release(item);
            throw sizeMismatch(expected, expected + 1);
        } catch (IOException | RuntimeException e) {
            release(item);
            throw new ApiException(400, "upload_interrupted", "The upload did not arrive whole; PUT it again.");
        }
        if (size != expected) {
            release(item);
            throw sizeMismatch(expected, size);
        }
    }

    private void release(MediaItem item) {
        deleteQuietly(item.storageKey());
        QuarkusTransaction.requiringNew().run(() -> items.releaseUpload(item.id()));
    }

    private static ApiException sizeMismatch(long expected, long actual) {
        return new ApiException(
                400,
                "size_mismatch",
                "The upload URL is for exactly " + expected + " bytes; " + (actual > expected ? "more" : actual)
                        + " arrived.");
    }

    /** The client is done uploading: the item is queued for processing (again: the same answer, nothing more). */
    public MediaItem complete(String workspaceId, String id) {
        MediaItem item = QuarkusTransaction.requiringNew().call(() -> get(workspaceId, id));
        if (MediaItem.PENDING.equals(item.status()) && !item.uploadReceived()) {
            adoptDirectUpload(item);
        }
        return QuarkusTransaction.requiringNew().call(() -> completeReceived(workspaceId, id));
    }

    /**
     * Bytes PUT straight to the storage (S3 presigned URL) become the item's if they are exactly the announced size;
     * they are moved out of the upload key, so a later PUT to the same URL cannot change what gets processed.
     */
    private void adoptDirectUpload(MediaItem item) {
        long size;
        try {
            size = storage.size(item.uploadKey());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size < 0) {
            return; // nothing there: completeReceived answers upload_incomplete
        }
        if (size != item.sizeBytes()) {
            deleteQuietly(item.uploadKey());
            throw sizeMismatch(item.sizeBytes(), size);
        }
        try {
            storage.move(item.uploadKey(), item.storageKey());
        } catch (java.nio.file.NoSuchFileException e) {
            return; // a concurrent complete moved it first
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        QuarkusTransaction.requiringNew().run(() -> items.markUploadReceived(item.id(), Instant.now()));
    }

    private MediaItem completeReceived(String workspaceId, String id) {
        MediaItem item = get(workspaceId, id);
        if (!MediaItem.PENDING.equals(item.status())) {
            if (MediaItem.SOURCE_UPLOAD_URL.equals(item.source())) {
                return item;
            }
            throw new ApiException(409, "not_an_upload", "This media was not created with an upload URL.");
        }
        if (!item.uploadReceived()) {
            throw new ApiException(
                    409, "upload_incomplete", "No bytes arrived at the upload URL yet; PUT the file there first.");
        }
        item.complete(Instant.now());
        stageJob(item);
        return item;
    }

    /**
     * Deletes an item and, once committed, its bytes (unless a deduplicated copy still uses them); 409
     * {@code media_in_use} while a post that is not final uses it.
     */
    @Transactional
    public void delete(String workspaceId, String id) {
        MediaItem item = get(workspaceId, id);
        List<String> posts = usages.activePostsUsing(workspaceId, id);
        if (!posts.isEmpty()) {
            throw new ApiException(
                    409,
                    "media_in_use",
                    "The media is attached to a post that is not final yet (" + String.join(", ", posts)
                            + "); it can be deleted once that post is published, failed or canceled.");
        }
        remove(item);
    }

    /** Removes an item in the current transaction; its objects go once it commits. */
    void remove(MediaItem item) {
        boolean shared = items.storageShared(item.storageKey(), item.id());
        boolean pending = MediaItem.PENDING.equals(item.status());
        items.delete(item);
        String key = item.storageKey();
        String thumbnail = item.thumbnailKey();
        String upload = item.uploadKey();
        afterCommit.once("delete:" + item.id(), () -> {
            if (!shared) {
                deleteQuietly(key);
            }
            if (thumbnail != null) {
                deleteQuietly(thumbnail);
            }
            if (pending) {
                deleteQuietly(upload); // bytes PUT straight to S3 but never completed
            }
        });
    }

    /** Opens a ready item's bytes for the publisher (internal, authenticated). */
    public Content open(String workspaceId, String id) {
        MediaItem item = QuarkusTransaction.requiringNew().call(() -> get(workspaceId, id));
        return open(item, item.storageKey());
    }

    /** Opens an item's thumbnail. */
    public Content openThumbnail(String workspaceId, String id) {
        MediaItem item = QuarkusTransaction.requiringNew().call(() -> get(workspaceId, id));
        if (item.thumbnailKey() == null) {
            throw new ApiException(404, "no_thumbnail", "This media has no thumbnail.");
        }
        try {
            return new Content(
                    item, storage.open(item.thumbnailKey()), storage.size(item.thumbnailKey()), "image/jpeg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A signed, expiring public URL for a ready item (platforms that pull media). */
    @Transactional
    public PublicUrl publicUrl(String workspaceId, String id) {
        MediaItem item = get(workspaceId, id);
        requireReady(item);
        Instant expires = Instant.now().plus(config.publicUrls().ttl());
        // With S3 the platform fetches from the bucket (presigned GET); otherwise from this service.
        return storage.presignedGet(
                        item.storageKey(),
                        item.contentType(),
                        config.publicUrls().ttl())
                .map(url -> new PublicUrl(url.toString(), expires))
                .orElseGet(() -> new PublicUrl(
                        config.publicUrls().baseUrl().replaceAll("/+$", "") + "/media-files/"
                                + signer.sign(UrlSigner.PUBLIC, id, expires),
                        expires));
    }

    /** A URL and until when it works. */
    public record PublicUrl(String url, Instant expiresAt) {}

    /** The bytes behind a signed public URL. */
    public Content openPublic(String token) {
        String id = signer.verify(UrlSigner.PUBLIC, token, Instant.now());
        MediaItem item = QuarkusTransaction.requiringNew()
                .call(() -> items.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("media", id)));
        return open(item, item.storageKey());
    }

    private Content open(MediaItem item, String key) {
        requireReady(item);
        try {
            return new Content(item, storage.open(key), storage.size(key), item.contentType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireReady(MediaItem item) {
        if (!MediaItem.READY.equals(item.status())) {
            throw new ApiException(409, "media_not_ready", "The media is " + item.status() + ", not ready.");
        }
    }

    /** A stream to send, with its length and type; the receiver closes it. */
    public record Content(MediaItem item, InputStream stream, long length, String mimeType) {}

    /**
     * Deletes pending uploads never completed and failed items older than the TTL, a batch at a time, never one an
     * active post uses; forgets posts final for longer than the TTL.
     */
    public int cleanUp(Instant now) {
        Instant before = now.minus(config.cleanup().ttl());
        return QuarkusTransaction.requiringNew().call(() -> {
            List<MediaItem> unused = new ArrayList<>(items.unused(before, 200));
            unused.addAll(items.neverAttached(now.minus(config.cleanup().unattachedTtl()), 200));
            unused.forEach(this::remove);
            usages.forgetFinishedBefore(before);
            return unused.size();
        });
    }

    private MediaItem enqueue(MediaItem item) {
        items.persist(item);
        stageJob(item);
        return item;
    }

    private void stageJob(MediaItem item) {
        outbox.append(
                Topics.MEDIA_JOBS,
                item.id(),
                EventTypes.MEDIA_PROCESS_REQUESTED,
                new MediaJob(item.workspaceId(), item.id(), Instant.now()));
    }

    private long capFor(String declaredType) {
        String kind = MediaInspector.kindOf(declaredType);
        if (kind != null) {
            return inspector.capOf(kind);
        }
        // An unknown declared type: the largest cap here; processing applies the real type's cap.
        return Math.max(
                inspector.capOf(dev.herald.rules.MediaFile.VIDEO),
                Math.max(
                        inspector.capOf(dev.herald.rules.MediaFile.IMAGE),
                        inspector.capOf(dev.herald.rules.MediaFile.GIF)));
    }

    private long store(String key, InputStream in, long cap) {
        try {
            return storage.write(key, in, cap);
        } catch (MediaStorage.TooLargeException e) {
            throw new ApiException(413, "file_too_large", "The file is larger than " + cap + " bytes.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String filenameOf(String url) {
        String path = java.net.URI.create(url).getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not delete %s: %s", key, e.getMessage());
        }
    }

    private static void deleteTemp(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("Temporary file %s left: %s", file, e.getMessage());
        }
    }
}
