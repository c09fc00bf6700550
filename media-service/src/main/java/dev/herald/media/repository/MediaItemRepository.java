package dev.herald.media.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.media.MediaItem;

/** Media items, always within a workspace. */
@ApplicationScoped
public class MediaItemRepository implements PanacheRepositoryBase<MediaItem, String> {

    public Optional<MediaItem> findInWorkspace(String workspaceId, String id) {
        return find("id = ?1 and workspaceId = ?2", id, workspaceId).firstResultOptional();
    }

    public List<MediaItem> page(String workspaceId, String afterId, int limit) {
        return find("workspaceId = ?1 and id > ?2 order by id", workspaceId, afterId == null ? "" : afterId)
                .page(0, limit)
                .list();
    }

    /**
     * Claims a pending item's single-use upload: exactly one caller gets {@code true}, however many PUTs race, and
     * only before the URL expires.
     */
    public boolean claimUpload(String id, Instant now) {
        return update(
                        "uploadReceivedAt = ?1, updatedAt = ?1 where id = ?2 and status = ?3"
                                + " and uploadReceivedAt is null and uploadExpiresAt > ?1",
                        now,
                        id,
                        MediaItem.PENDING)
                == 1;
    }

    /** Bytes arrived straight in storage (S3 presigned PUT), found there by {@code complete}. */
    public boolean markUploadReceived(String id, Instant now) {
        return update(
                        "uploadReceivedAt = ?1, updatedAt = ?1 where id = ?2 and status = ?3 and uploadReceivedAt is null",
                        now,
                        id,
                        MediaItem.PENDING)
                == 1;
    }

    /** Gives the upload back after bytes that did not match (wrong size, broken connection): the URL works again. */
    public void releaseUpload(String id) {
        update("uploadReceivedAt = null where id = ?1 and status = ?2", id, MediaItem.PENDING);
    }

    /** An earlier ready item of the workspace with the same bytes, if any. */
    public Optional<MediaItem> findOriginal(String workspaceId, String sha256, String exceptId) {
        return find(
                        "workspaceId = ?1 and sha256 = ?2 and status = ?3 and id <> ?4 order by id",
                        workspaceId,
                        sha256,
                        MediaItem.READY,
                        exceptId)
                .firstResultOptional();
    }

    /** Whether any other item still uses this stored object (deduplicated copies share one). */
    public boolean storageShared(String storageKey, String exceptId) {
        return count("storageKey = ?1 and id <> ?2", storageKey, exceptId) > 0;
    }

    /**
     * Pending uploads never completed and failed items, created before {@code before}, that no active post uses (a
     * post keeps its files until it is final, whatever their state).
     */
    /**
     * Ready media no post ever named, created before {@code before} (the library's unused uploads), that no active
     * post uses.
     */
    public List<MediaItem> neverAttached(Instant before, int limit) {
        return find(
                        "from MediaItem i where i.status = ?1 and i.firstAttachedAt is null and i.createdAt < ?2 and not"
                                + " exists (select 1 from PostUsage p join p.mediaIds m where m = i.id and p.active = true)"
                                + " order by i.createdAt",
                        MediaItem.READY,
                        before)
                .page(0, limit)
                .list();
    }

    /** Marks these files of the workspace as attached to a post (the first time only). */
    public void markAttached(String workspaceId, Collection<String> mediaIds, Instant at) {
        if (mediaIds.isEmpty()) {
            return;
        }
        update(
                "firstAttachedAt = ?1 where workspaceId = ?2 and id in ?3 and firstAttachedAt is null",
                at,
                workspaceId,
                mediaIds);
    }

    public List<MediaItem> unused(Instant before, int limit) {
        return find(
                        "from MediaItem i where i.status in (?1, ?2) and i.createdAt < ?3 and not exists"
                                + " (select 1 from PostUsage p join p.mediaIds m where m = i.id and p.active = true)"
                                + " order by i.createdAt",
                        MediaItem.PENDING,
                        MediaItem.FAILED,
                        before)
                .page(0, limit)
                .list();
    }
}
