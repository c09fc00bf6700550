package dev.herald.media.repository;

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
}
