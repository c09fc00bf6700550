package dev.herald.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.gateway.config.GatewayConfig;
import dev.herald.gateway.proxy.ServiceRoutes;

/**
 * The public OpenAPI document: the gateway's own fragment merged with each service's {@code /q/openapi}, fetched on
 * demand and kept for a short time. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class OpenApiDocuments {

    /** The gateway's own routes (Vert.x, not JAX-RS), with the shared security scheme and error responses. */
    static final String FRAGMENT = "openapi/gateway.json";
    /** Long enough to absorb a burst of doc readers, short enough that a deploy shows up quickly. */
    static final Duration TTL = Duration.ofSeconds(30);
    /** A document missing a service is retried sooner, so a restarted service reappears. */
    static final Duration TTL_INCOMPLETE = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(OpenApiDocuments.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, String> services;
    private final OpenApiMerger merger;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectNode fragment;
    private Cached cached;

    @Inject
    public OpenApiDocuments(GatewayConfig config, ServiceRoutes routes, ObjectMapper json) {
        this(baseUrls(config.services()), routes, json, Clock.systemUTC());
    }

    OpenApiDocuments(Map<String, String> services, ServiceRoutes routes, ObjectMapper json, Clock clock) {
        this.services = services;
        // Only what the gateway forwards to that very service is public.
        this.merger = new OpenApiMerger((service, path) -> routes.serviceFor(path)
                .map(base -> base.equals(stripSlash(services.get(service))))
                .orElse(false));
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.fragment = readFragment(json);
    }

    /** The merged document as JSON; cached for {@link #TTL} (or {@link #TTL_INCOMPLETE} while a service is missing). */
    public synchronized String document() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.json();
        }
        ObjectNode merged = merger.merge(fragment, fetchAll());
        boolean complete = !merged.has(OpenApiMerger.MISSING_SERVICES);
        if (!complete) {
            LOG.warnf("OpenAPI document without some services: %s", merged.get(OpenApiMerger.MISSING_SERVICES));
        }
        String text = merged.toString();
        cached = new Cached(text, now.plus(complete ? TTL : TTL_INCOMPLETE));
        return text;
    }

    /** Every service's document, fetched in parallel; a service that fails is reported, not thrown. */
    private List<OpenApiMerger.Source> fetchAll() {
        Map<String, CompletableFuture<OpenApiMerger.Source>> pending = new LinkedHashMap<>();
        services.forEach((service, base) -> pending.put(service, fetch(service, base)));
        List<OpenApiMerger.Source> sources = new ArrayList<>();
        pending.forEach((service, future) -> sources.add(future.join()));
        return sources;
    }

    private CompletableFuture<OpenApiMerger.Source> fetch(String service, String base) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(base) + "/q/openapi?format=json"))
                .timeout(FETCH_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        return OpenApiMerger.Source.missing(service, "answered " + response.statusCode());
                    }
                    try {
                        if (json.readTree(response.body()) instanceof ObjectNode document) {
                            return OpenApiMerger.Source.of(service, document);
                        }
                        return OpenApiMerger.Source.missing(service, "not a JSON object");
                    } catch (IOException e) {
                        return OpenApiMerger.Source.missing(service, "not JSON");
                    }
                })
                .exceptionally(e -> OpenApiMerger.Source.missing(
                        service,
                        "unreachable ("
                                + Optional.ofNullable(e.getCause())
                                        .orElse(e)
                                        .getClass()
                                        .getSimpleName() + ")"));
    }

    private static ObjectNode readFragment(ObjectMapper json) {
        try (InputStream in = OpenApiDocuments.class.getClassLoader().getResourceAsStream(FRAGMENT)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + FRAGMENT);
            }
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> baseUrls(GatewayConfig.Services services) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("post-service", services.post());
        urls.put("media-service", services.media());
        urls.put("publisher-service", services.publisher());
        urls.put("webhook-service", services.webhook());
        urls.put("analytics-service", services.analytics());
        return urls;
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private record Cached(String json, Instant expiresAt) {}
}
