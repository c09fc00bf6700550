package dev.herald.gateway.identity.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.gateway.identity.Workspace;

/** Workspaces. */
@ApplicationScoped
public class WorkspaceRepository implements PanacheRepositoryBase<Workspace, String> {}
