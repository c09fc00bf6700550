package dev.herald.publisher.connector.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.kit.error.ApiException;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;

/**
 * {@code GET /v1/sandbox/publications}: what the sandbox platform received — one entry per call that created a post,
 * so an integration test can check that each destination reached the platform exactly once.
 */
@Path("/v1/sandbox/publications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox", description = "Test mode: what the sandbox platform would have posted.")
public class SandboxPublicationResource {

    private final EntityManager entityManager;
    private final Caller caller;

    public SandboxPublicationResource(EntityManager entityManager, Caller caller) {
        this.entityManager = entityManager;
        this.caller = caller;
    }

    @GET
    @Transactional
    @Operation(
            operationId = "listSandboxPublications",
            summary = "List sandbox publications",
            description = "Test keys only. Oldest first; filter by account_id and/or post_id.")
    public Page<SandboxPublication> list(
            @QueryParam("account_id") String accountId,
            @QueryParam("post_id") String postId,
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("cursor") String cursor) {
        if (!"test".equals(caller.mode())) {
            throw new ApiException(403, "test_mode_required", "The sandbox is for test mode: use an hk_test_ key.");
        }
        Page.checkLimit(limit);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT id, account_id, post_id, destination_id, platform, attempt, text, permalink,"
                        + " created_at FROM sandbox_post WHERE workspace_id = :workspace"
                        + " AND (CAST(:account AS TEXT) IS NULL OR account_id = :account)"
                        + " AND (CAST(:post AS TEXT) IS NULL OR post_id = :post)"
                        + " AND id > :after ORDER BY id LIMIT :limit")
                .setParameter("workspace", caller.workspaceId())
                .setParameter("account", accountId)
                .setParameter("post", postId)
                .setParameter("after", cursor == null ? "" : cursor)
                .setParameter("limit", limit + 1)
                .getResultList();
        List<SandboxPublication> publications =
                rows.stream().map(SandboxPublicationResource::toPublication).toList();
        return Page.of(publications, limit, p -> p, SandboxPublication::id);
    }

    private static SandboxPublication toPublication(Object[] row) {
        Instant createdAt = row[8] instanceof Instant instant ? instant : ((OffsetDateTime) row[8]).toInstant();
        return new SandboxPublication(
                (String) row[0],
                "sandbox_publication",
                (String) row[1],
                (String) row[2],
                (String) row[3],
                (String) row[4],
                row[5] == null ? 1 : ((Number) row[5]).intValue(),
                (String) row[6],
                (String) row[7],
                createdAt);
    }
}
