package dev.herald.webhook.endpoint.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.UrlGuard;
import dev.herald.webhook.endpoint.repository.EndpointRepository;

/** Registering and listing webhook endpoints. */
@ApplicationScoped
public class EndpointService {

    private final EndpointRepository endpoints;
    private final UrlGuard guard;

    public EndpointService(EndpointRepository endpoints, UrlGuard guard) {
        this.endpoints = endpoints;
        this.guard = guard;
    }

    @Transactional
    public Endpoint register(String workspaceId, String url, String description) {
        if (url == null || url.isBlank()) {
            throw ApiException.invalid(
                    "A url is required.", List.of(new ApiError.Detail("url", "required", "A url is required.")));
        }
        if (url.length() > 2048) {
            throw ApiException.invalid(
                    "The url is too long.",
                    List.of(new ApiError.Detail("url", "too_long", "At most 2048 characters.")));
        }
        guard.check(url);
        Endpoint endpoint = Endpoint.register(workspaceId, url, description, Instant.now());
        endpoints.persist(endpoint);
        return endpoint;
    }

    @Transactional
    public List<Endpoint> list(String workspaceId, String after, int limit) {
        return endpoints.page(workspaceId, after, limit);
    }
}
