package dev.herald.gateway.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.gateway.config.GatewayConfig;

/** Which service owns which {@code /v1} path. */
@ApplicationScoped
public class ServiceRoutes {

    private final Map<String, String> byPrefix = new LinkedHashMap<>();

    public ServiceRoutes(GatewayConfig config) {
        GatewayConfig.Services services = config.services();
        byPrefix.put("/v1/posts", services.post());
        byPrefix.put("/v1/queues", services.post());
        byPrefix.put("/v1/find-slot", services.post());
        byPrefix.put("/v1/media", services.media());
        byPrefix.put("/v1/accounts", services.publisher());
        byPrefix.put("/v1/webhooks", services.webhook());
        byPrefix.put("/v1/event-types", services.webhook());
        byPrefix.put("/v1/events", services.webhook());
        byPrefix.put("/v1/analytics", services.analytics());
    }

    /** The base URL of the service owning {@code path}, matching whole path segments only. */
    public Optional<String> serviceFor(String path) {
        for (Map.Entry<String, String> route : byPrefix.entrySet()) {
            String prefix = route.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return Optional.of(stripSlash(route.getValue()));
            }
        }
        return Optional.empty();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
