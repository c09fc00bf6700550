package dev.herald.post.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.Post;

/** Posts, always looked up within a workspace. */
@ApplicationScoped
public class PostRepository implements PanacheRepositoryBase<Post, String> {

    public Optional<Post> findInWorkspace(String workspaceId, String postId) {
        // Destinations are always shown with the post: fetch them in the same query.
        return find(
                        "select p from Post p left join fetch p.destinations where p.id = ?1 and p.workspaceId = ?2",
                        postId,
                        workspaceId)
                .singleResultOptional();
    }

    /**
     * The post, for a change: its destinations' rows are locked first and then the post's, the order the
     * dispatcher takes them in, so an edit and a dispatch serialise (never a half-edited publication) without
     * deadlocking.
     */
    public Optional<Post> lockInWorkspace(String workspaceId, String postId) {
        getEntityManager()
                .createNativeQuery("SELECT id FROM destination WHERE post_id = :post AND workspace_id = :ws"
                        + " ORDER BY id FOR UPDATE")
                .setParameter("post", postId)
                .setParameter("ws", workspaceId)
                .getResultList();
        return find("id = ?1 and workspaceId = ?2", postId, workspaceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Newest first, {@code limit} rows after the cursor (a post id). */
    public List<Post> search(String workspaceId, PostFilter filter, String cursor, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        where.add("p.workspaceId = :ws");
        params.put("ws", workspaceId);
        if (cursor != null) {
            where.add("p.id < :cursor");
            params.put("cursor", cursor);
        }
        if (filter.status() != null) {
            where.add("p.status = :status");
            params.put("status", filter.status());
        }
        if (filter.externalId() != null) {
            where.add("p.externalId = :externalId");
            params.put("externalId", filter.externalId());
        }
        if (filter.platform() != null) {
            where.add("exists (select 1 from Destination d where d.post = p and d.platform = :platform)");
            params.put("platform", filter.platform());
        }
        if (filter.accountId() != null) {
            where.add("exists (select 1 from Destination d where d.post = p and d.accountId = :accountId)");
            params.put("accountId", filter.accountId());
        }
        if (filter.scheduledFrom() != null) {
            where.add("p.scheduledAt >= :scheduledFrom");
            params.put("scheduledFrom", filter.scheduledFrom());
        }
        if (filter.scheduledTo() != null) {
            where.add("p.scheduledAt < :scheduledTo");
            params.put("scheduledTo", filter.scheduledTo());
        }
        if (filter.createdFrom() != null) {
            where.add("p.createdAt >= :createdFrom");
            params.put("createdFrom", filter.createdFrom());
        }
        if (filter.createdTo() != null) {
            where.add("p.createdAt < :createdTo");
            params.put("createdTo", filter.createdTo());
        }
        return find("select p from Post p where " + String.join(" and ", where) + " order by p.id desc", params)
                .page(0, limit)
                .list();
    }
}
