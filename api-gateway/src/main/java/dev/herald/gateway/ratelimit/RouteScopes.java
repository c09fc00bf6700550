package dev.herald.gateway.ratelimit;

import java.util.Optional;

/** The scope an API key needs for a route: reads and writes of each resource. */
public final class RouteScopes {

    private RouteScopes() {}

    /** The scope {@code method path} needs; empty when any valid key may call it. */
    public static Optional<String> required(String method, String path) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (under(path, "/v1/health")) {
            return Optional.of("posts:read");
        }
        if (under(path, "/v1/posts") || under(path, "/v1/queues") || under(path, "/v1/find-slot")) {
            return Optional.of(read || path.equals("/v1/posts/validate") ? "posts:read" : "posts:write");
        }
        if (under(path, "/v1/sandbox")) {
            return Optional.of("posts:read");
        }
        if (under(path, "/v1/media")) {
            return Optional.of(read ? "posts:read" : "media:write");
        }
        if (under(path, "/v1/accounts")) {
            return Optional.of(read ? "accounts:read" : "accounts:write");
        }
        if (under(path, "/v1/webhooks") || under(path, "/v1/event-types") || under(path, "/v1/events")) {
            return Optional.of("webhooks:write");
        }
        if (under(path, "/v1/analytics")) {
            return Optional.of("analytics:read");
        }
        if (under(path, "/v1/workspaces")) {
            return Optional.of("workspaces:write");
        }
        if (under(path, "/v1/api-keys")) {
            return Optional.of("keys:write");
        }
        return Optional.empty();
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
