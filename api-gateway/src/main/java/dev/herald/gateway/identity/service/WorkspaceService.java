package dev.herald.gateway.identity.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.gateway.identity.ApiKey;
import dev.herald.gateway.identity.Workspace;
import dev.herald.gateway.identity.repository.WorkspaceRepository;
import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;

/**
 * {@code /v1/workspaces}: organization admins (OIDC users) and agency keys ({@code workspaces:write}) manage the
 * workspaces of the organizations they administer. Anything else is a 404, like another tenant's object.
 */
@ApplicationScoped
public class WorkspaceService {

    private final WorkspaceRepository workspaces;
    private final WorkspaceProvisioning provisioning;

    public WorkspaceService(WorkspaceRepository workspaces, WorkspaceProvisioning provisioning) {
        this.workspaces = workspaces;
        this.provisioning = provisioning;
    }

    /**
     * Who manages workspaces, and of which organizations.
     *
     * @param ownWorkspaceId the workspace of the calling key, which it may not delete (it would lock itself out)
     */
    public record Admin(Set<String> organizationIds, String mode, String ownWorkspaceId) {}

    /** A new workspace with a first key of the caller's mode (its secret shown once). */
    @Transactional
    public WorkspaceProvisioning.Provisioned create(
            Admin admin, String name, String organizationId, List<String> corsOrigins) {
        String organization = organizationId;
        if (organization == null) {
            if (admin.organizationIds().size() != 1) {
                throw ApiException.invalid(
                        "organization_id is required.",
                        List.of(new ApiError.Detail(
                                "organization_id", "required", "You administer several organizations; pick one.")));
            }
            organization = admin.organizationIds().iterator().next();
        }
        if (!admin.organizationIds().contains(organization)) {
            throw ApiException.notFound("organization", organization);
        }
        var created = provisioning.provision(organization, name, admin.mode(), ApiKey.ALL_SCOPES);
        if (corsOrigins != null) {
            created.workspace().allowOrigins(corsOrigins);
        }
        return created;
    }

    @Transactional
    public List<Workspace> list(Admin admin, String cursor, int limit) {
        return admin.organizationIds().isEmpty() ? List.of() : workspaces.page(admin.organizationIds(), cursor, limit);
    }

    @Transactional
    public Workspace get(Admin admin, String workspaceId) {
        return find(admin, workspaceId);
    }

    /** Renames and/or replaces the allowed origins; absent fields stay. */
    @Transactional
    public Workspace update(Admin admin, String workspaceId, String name, List<String> corsOrigins) {
        Workspace workspace = find(admin, workspaceId);
        if (name != null) {
            workspace.rename(name);
        }
        if (corsOrigins != null) {
            workspace.allowOrigins(corsOrigins);
        }
        return workspace;
    }

    /** Soft delete: the workspace's keys stop working on every gateway within the key cache time. */
    @Transactional
    public Workspace delete(Admin admin, String workspaceId) {
        Workspace workspace = find(admin, workspaceId);
        if (workspace.id().equals(admin.ownWorkspaceId())) {
            throw new ApiException(
                    409, "own_workspace", "A key cannot delete its own workspace; use another key or the dashboard.");
        }
        workspace.delete(Instant.now());
        return workspace;
    }

    private Workspace find(Admin admin, String workspaceId) {
        if (admin.organizationIds().isEmpty()) {
            throw ApiException.notFound("workspace", workspaceId);
        }
        return workspaces
                .findLive(workspaceId, admin.organizationIds())
                .orElseThrow(() -> ApiException.notFound("workspace", workspaceId));
    }
}
