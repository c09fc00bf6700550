package dev.herald.gateway.identity.service;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.gateway.identity.ApiKey;
import dev.herald.gateway.identity.Organization;
import dev.herald.gateway.identity.Workspace;
import dev.herald.gateway.identity.repository.ApiKeyRepository;
import dev.herald.gateway.identity.repository.OrganizationRepository;
import dev.herald.gateway.identity.repository.WorkspaceRepository;
import dev.herald.kit.error.ApiException;

/** Creates organizations, workspaces and their first API key (the operator API). */
@ApplicationScoped
public class WorkspaceProvisioning {

    private final OrganizationRepository organizations;
    private final WorkspaceRepository workspaces;
    private final ApiKeyRepository keys;

    public WorkspaceProvisioning(
            OrganizationRepository organizations, WorkspaceRepository workspaces, ApiKeyRepository keys) {
        this.organizations = organizations;
        this.workspaces = workspaces;
        this.keys = keys;
    }

    /**
     * @param organizationId an existing organization, or {@code null} to create one named after the workspace
     */
    @Transactional
    public Provisioned provision(String organizationId, String workspaceName, String keyMode, Set<String> scopes) {
        Instant now = Instant.now();
        Organization organization;
        if (organizationId == null) {
            organization = Organization.create(workspaceName, now);
            organizations.persist(organization);
        } else {
            organization = organizations
                    .findByIdOptional(organizationId)
                    .orElseThrow(() -> ApiException.notFound("organization", organizationId));
        }
        Workspace workspace = Workspace.create(organization.id(), workspaceName, now);
        workspaces.persist(workspace);
        ApiKey.Issued issued = ApiKey.issue(workspace.id(), "Default " + keyMode + " key", keyMode, scopes, now);
        keys.persist(issued.key());
        return new Provisioned(organization, workspace, issued);
    }

    /** What was created, with the key's one-time secret. */
    public record Provisioned(Organization organization, Workspace workspace, ApiKey.Issued key) {}
}
