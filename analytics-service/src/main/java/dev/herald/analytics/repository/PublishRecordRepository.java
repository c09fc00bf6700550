package dev.herald.analytics.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.analytics.PublishRecord;

/** Publish records, always within a workspace. */
@ApplicationScoped
public class PublishRecordRepository implements PanacheRepositoryBase<PublishRecord, String> {

    public List<PublishRecord> forPost(String workspaceId, String postId) {
        return list("workspaceId = ?1 and postId = ?2 order by destinationId", workspaceId, postId);
    }
}
