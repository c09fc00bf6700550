package dev.herald.gateway.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.gateway.config.GatewayConfig;

/** Which service owns which {@code /v1} path. */
@ApplicationScoped
public class ServiceRoutes {

    /** Each forwarded prefix and its owner; public so the system tests can check that all are documented. */
    public static final Map<String, Function<GatewayConfig.Services, String>> OWNERS = owners();

    /**
     * Requests a browser or a platform makes without an API key, by method and path prefix. Each carries its own
     * proof, which the owning service checks: an OAuth callback its single-use {@code state}, an upload its signed,
     * single-use token. They are forwarded without an internal token, so the service knows no workspace vouched for
     * them.
     */
    public static final Map<String, String> PUBLIC = Map.of(
            "/v1/accounts/callback/", "GET",
            "/v1/media/uploads/", "PUT");

    private final Map<String, String> byPrefix = new LinkedHashMap<>();

    public ServiceRoutes(GatewayConfig config) {
        GatewayConfig.Services services = config.services();
        OWNERS.forEach((prefix, owner) -> byPrefix.put(prefix, owner.apply(services)));
    }

    private static Map<String, Function<GatewayConfig.Services, String>> owners() {
        Map<String, Function<GatewayConfig.Services, String>> owners = new LinkedHashMap<>();
        owners.put("/v1/posts", GatewayConfig.Services::post);
        owners.put("/v1/queues", GatewayConfig.Services::post);
        owners.put("/v1/find-slot", GatewayConfig.Services::post);
        owners.put("/v1/health", GatewayConfig.Services::post);
        owners.put("/v1/media", GatewayConfig.Services::media);
        owners.put("/v1/accounts", GatewayConfig.Services::publisher);
        owners.put("/v1/sandbox", GatewayConfig.Services::publisher);
        owners.put("/v1/webhooks", GatewayConfig.Services::webhook);
        owners.put("/v1/event-types", GatewayConfig.Services::webhook);
        owners.put("/v1/events", GatewayConfig.Services::webhook);
        owners.put("/v1/analytics", GatewayConfig.Services::analytics);
        return Collections.unmodifiableMap(owners);
    }

    /** Whether this request is let through without an API key (see {@link #PUBLIC}). */
    public static boolean isPublic(String method, String path) {
        return PUBLIC.entrySet().stream()
                .anyMatch(route -> route.getValue().equals(method)
                        && path.startsWith(route.getKey())
                        && path.length() > route.getKey().length());
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
