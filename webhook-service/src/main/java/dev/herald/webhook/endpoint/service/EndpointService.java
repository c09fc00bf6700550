package dev.herald.webhook.endpoint.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.UrlGuard;
import dev.herald.webhook.endpoint.repository.EndpointRepository;
import dev.herald.webhook.event.EventCatalogue;

/** Registering, changing and retiring a workspace's webhook endpoints. */
@ApplicationScoped
public class EndpointService {

    static final int MAX_URL = 2048;
    static final int MAX_DESCRIPTION = 500;

    private final EndpointRepository endpoints;
    private final UrlGuard guard;
    private final WebhookConfig config;
    private final Clock clock;

    public EndpointService(EndpointRepository endpoints, UrlGuard guard, WebhookConfig config, Clock clock) {
        this.endpoints = endpoints;
        this.guard = guard;
        this.config = config;
        this.clock = clock;
    }

    /** What a tenant asks for; for a change, {@code null} fields are left as they are. */
    public record Settings(String url, String description, List<String> eventTypes, String metadataJson) {}

    /** Runs in the caller's transaction (the Idempotency-Key's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Endpoint register(String workspaceId, boolean liveMode, Settings settings) {
        checkUrl(settings.url(), liveMode);
        checkDescription(settings.description());
        checkEventTypes(settings.eventTypes());
        Endpoint endpoint = Endpoint.register(
                workspaceId,
                settings.url(),
                settings.description(),
                settings.eventTypes(),
                settings.metadataJson(),
                clock.instant());
        endpoints.persist(endpoint);
        return endpoint;
    }

    @Transactional
    public List<Endpoint> list(String workspaceId, String after, int limit) {
        return endpoints.page(workspaceId, after, limit);
    }

    @Transactional
    public Endpoint get(String workspaceId, String id) {
        return endpoints.findIn(workspaceId, id).orElseThrow(() -> ApiException.notFound("webhook endpoint", id));
    }

    @Transactional
    public Endpoint update(String workspaceId, String id, boolean liveMode, Settings changes) {
        // Checked before the row is locked: the URL check resolves the host name, which may take a while, and the
        // dispatcher's records of this endpoint would wait for it.
        if (changes.url() != null) {
            checkUrl(changes.url(), liveMode);
        }
        checkDescription(changes.description());
        checkEventTypes(changes.eventTypes());
        Endpoint endpoint = locked(workspaceId, id);
        Instant now = clock.instant();
        if (changes.url() != null) {
            endpoint.changeUrl(changes.url(), now);
        }
        if (changes.description() != null) {
            endpoint.describe(changes.description().isEmpty() ? null : changes.description(), now);
        }
        if (changes.eventTypes() != null) {
            endpoint.subscribe(changes.eventTypes(), now);
        }
        if (changes.metadataJson() != null) {
            endpoint.tag(changes.metadataJson(), now);
        }
        return endpoint;
    }

    @Transactional
    public void delete(String workspaceId, String id) {
        locked(workspaceId, id).delete(clock.instant());
    }

    /** A new secret, shown once; the old one keeps signing beside it for the overlap. */
    @Transactional
    public Endpoint rotateSecret(String workspaceId, String id) {
        Endpoint endpoint = locked(workspaceId, id);
        endpoint.rotateSecret(config.rotationOverlap(), clock.instant());
        return endpoint;
    }

    @Transactional
    public Endpoint enable(String workspaceId, String id) {
        Endpoint endpoint = locked(workspaceId, id);
        endpoint.enable(clock.instant());
        return endpoint;
    }

    @Transactional
    public Endpoint disable(String workspaceId, String id) {
        Endpoint endpoint = locked(workspaceId, id);
        endpoint.disable(Endpoint.BY_TENANT, clock.instant());
        return endpoint;
    }

    /**
     * The endpoint to change, locked: the whole row is written back at commit, and the dispatcher records health
     * (failure streak, auto-disable) on the same row; without the lock one of the two changes is silently undone.
     */
    private Endpoint locked(String workspaceId, String id) {
        return endpoints.lockIn(workspaceId, id).orElseThrow(() -> ApiException.notFound("webhook endpoint", id));
    }

    private void checkUrl(String url, boolean liveMode) {
        if (url == null || url.isBlank()) {
            throw invalid("url", "required", "A url is required.");
        }
        if (url.length() > MAX_URL) {
            throw invalid("url", "too_long", "At most " + MAX_URL + " characters.");
        }
        guard.check(url, liveMode);
    }

    private static void checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw invalid("description", "too_long", "At most " + MAX_DESCRIPTION + " characters.");
        }
    }

    private static void checkEventTypes(List<String> types) {
        if (types == null) {
            return;
        }
        for (String type : types) {
            if (type == null || !EventCatalogue.known(type)) {
                throw invalid(
                        "event_types",
                        "unknown_event_type",
                        "Unknown event type '" + type + "'; see GET /v1/event-types.");
            }
        }
    }

    private static ApiException invalid(String field, String code, String message) {
        return ApiException.invalid(message, List.of(new ApiError.Detail(field, code, message)));
    }
}
