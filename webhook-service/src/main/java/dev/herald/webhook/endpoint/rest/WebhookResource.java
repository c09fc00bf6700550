package dev.herald.webhook.endpoint.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.security.Caller;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.service.EndpointService;

/** The public webhooks API. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final EndpointService endpoints;
    private final Caller caller;

    public WebhookResource(EndpointService endpoints, Caller caller) {
        this.endpoints = endpoints;
        this.caller = caller;
    }

    /** Registers an endpoint; the response is the only time its secret is shown. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(RegisterRequest request) {
        if (request == null) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        Endpoint endpoint = endpoints.register(caller.workspaceId(), request.url(), request.description());
        return Response.created(URI.create("/v1/webhooks/" + endpoint.id()))
                .entity(EndpointResponse.from(endpoint, true))
                .build();
    }

    @GET
    public Page list(@QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > 100) {
            throw ApiException.invalid(
                    "limit must be between 1 and 100.",
                    List.of(new ApiError.Detail("limit", "out_of_range", "Use 1 to 100.")));
        }
        List<Endpoint> page = endpoints.list(caller.workspaceId(), cursor, limit + 1);
        boolean hasMore = page.size() > limit;
        List<Endpoint> shown = hasMore ? page.subList(0, limit) : page;
        return new Page(
                shown.stream().map(e -> EndpointResponse.from(e, false)).toList(),
                hasMore,
                hasMore ? shown.get(shown.size() - 1).id() : null);
    }

    /** Body of {@code POST /v1/webhooks}. */
    public record RegisterRequest(String url, String description) {}

    /** An endpoint; {@code secret} only in the creation response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointResponse(
            String id, String object, String url, String description, String status, String secret, Instant createdAt) {

        static EndpointResponse from(Endpoint endpoint, boolean withSecret) {
            return new EndpointResponse(
                    endpoint.id(),
                    "webhook_endpoint",
                    endpoint.url(),
                    endpoint.description(),
                    endpoint.status(),
                    withSecret ? endpoint.secret() : null,
                    endpoint.createdAt());
        }
    }

    /** A page of endpoints. */
    public record Page(List<EndpointResponse> data, boolean hasMore, String nextCursor) {}
}
