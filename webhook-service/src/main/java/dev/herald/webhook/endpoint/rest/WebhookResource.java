package dev.herald.webhook.endpoint.rest;

import java.net.URI;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.herald.kit.error.ApiException;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.service.EndpointService;

/** The public webhooks API. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Endpoints that receive signed events (Standard Webhooks).")
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
    @Operation(summary = "Register a webhook endpoint", description = "The `whsec_` secret is shown only here.")
    @APIResponse(
            responseCode = "201",
            description = "The endpoint with its secret",
            content = @Content(schema = @Schema(implementation = EndpointResponse.class)))
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
    @Operation(summary = "List webhook endpoints", description = "Oldest first; never the secret.")
    public Page<EndpointResponse> list(
            @QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("cursor") String cursor) {
        Page.checkLimit(limit);
        return Page.of(
                endpoints.list(caller.workspaceId(), cursor, limit + 1),
                limit,
                e -> EndpointResponse.from(e, false),
                Endpoint::id);
    }

    /** Body of {@code POST /v1/webhooks}. */
    @Schema(name = "RegisterWebhookRequest")
    public record RegisterRequest(String url, String description) {}

    /** An endpoint; {@code secret} only in the creation response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "WebhookEndpoint")
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
}
