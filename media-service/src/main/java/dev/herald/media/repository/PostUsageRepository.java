package dev.herald.media.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.media.PostUsage;

/** The posts media-service has heard of, and which media their active ones use. */
@ApplicationScoped
public class PostUsageRepository implements PanacheRepositoryBase<PostUsage, String> {

    /** The active posts of the workspace that use this media (a final post uses nothing any more). */
    public List<String> activePostsUsing(String workspaceId, String mediaId) {
        return getEntityManager()
                .createQuery(
                        "select p.postId from PostUsage p join p.mediaIds m"
                                + " where m = ?1 and p.workspaceId = ?2 and p.active = true order by p.postId",
                        String.class)
                .setParameter(1, mediaId)
                .setParameter(2, workspaceId)
                .setMaxResults(10)
                .getResultList();
    }

    /** Forgets final posts last heard of before {@code before}: they hold no media, only their ordering mark. */
    public long forgetFinishedBefore(Instant before) {
        return delete("active = false and eventAt < ?1", before);
    }
}
