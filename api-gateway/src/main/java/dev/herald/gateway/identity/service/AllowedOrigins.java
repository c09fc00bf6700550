package dev.herald.gateway.identity.service;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

import dev.herald.gateway.identity.repository.WorkspaceRepository;

/**
 * Every browser origin some workspace allows, refreshed every few seconds. A CORS preflight carries no credentials,
 * so it can only be answered from this union; the real request is then checked against the caller's own workspace.
 */
@ApplicationScoped
public class AllowedOrigins {

    private final WorkspaceRepository workspaces;
    private volatile Set<String> origins = Set.of();

    public AllowedOrigins(WorkspaceRepository workspaces) {
        this.workspaces = workspaces;
    }

    public boolean anyWorkspaceAllows(String origin) {
        return origin != null && origins.contains(origin);
    }

    @Scheduled(every = "${herald.gateway.key-cache-ttl:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Set<String> all = new HashSet<>();
        for (String list : workspaces.allowedOriginLists()) {
            all.addAll(Set.of(list.split(" ")));
        }
        origins = Set.copyOf(all);
    }
}
