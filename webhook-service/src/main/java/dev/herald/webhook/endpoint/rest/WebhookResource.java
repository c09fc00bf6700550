package dev.herald.webhook.endpoint.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.kit.error.ApiException;
import dev.herald.kit.idempotency.IdempotentRequests;
import dev.herald.kit.idempotency.IdempotentResult;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.webhook.endpoint.Endpoint;
import dev.herald.webhook.endpoint.service.EndpointService;

/** The public webhook endpoints API. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Endpoints that receive signed events (Standard Webhooks).")
public class WebhookResource {

    private final EndpointService endpoints;
    private final Caller caller;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;

    public WebhookResource(
            EndpointService endpoints, Caller caller, IdempotentRequests idempotency, ObjectMapper json) {
        this.endpoints = endpoints;
        this.caller = caller;
        this.idempotency = idempotency;
        this.json = json;
    }

    /** Registers an endpoint; the response is the only time its secret is shown. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createWebhook",
            summary = "Register a webhook endpoint",
            description = "The `whsec_` secret is shown only here. The url is checked: https in live mode, and it must"
                    + " resolve only to public addresses.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EndpointRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "The endpoint with its secret",
            content = @Content(schema = @Schema(implementation = EndpointResponse.class)))
    public Response register(
            @Parameter(description = "Makes the call safe to retry: the same key returns the same endpoint and secret.")
                    @HeaderParam(IdempotentRequests.HEADER)
                    String idempotencyKey,
            String body)
            throws JsonProcessingException {
        EndpointService.Settings settings = parse(body).toSettings(json);
        String workspace = caller.workspaceId();
        boolean live = !caller.testMode();
        return idempotency.run(workspace, idempotencyKey, "POST /v1/webhooks", body, () -> {
            EndpointResponse created = EndpointResponse.from(endpoints.register(workspace, live, settings), true);
            return IdempotentResult.created(created, "/v1/webhooks/" + created.id());
        });
    }

    @GET
    @Operation(
            operationId = "listWebhooks",
            summary = "List webhook endpoints",
            description = "Oldest first; never the secret.")
    public Page<EndpointResponse> list(
            @QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("cursor") String cursor) {
        Page.checkLimit(limit);
        return Page.of(
                endpoints.list(caller.workspaceId(), cursor, limit + 1),
                limit,
                e -> EndpointResponse.from(e, false),
                Endpoint::id);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhook", summary = "Get a webhook endpoint")
    public EndpointResponse get(@PathParam("id") String id) {
        return EndpointResponse.from(endpoints.get(caller.workspaceId(), id), false);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "updateWebhook",
            summary = "Change a webhook endpoint",
            description = "Present fields replace, absent ones are kept, empty ones (`\"\"`, `[]`, `{}`) clear.")
    public EndpointResponse update(@PathParam("id") String id, EndpointRequest request) throws JsonProcessingException {
        if (request == null) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        return EndpointResponse.from(
                endpoints.update(caller.workspaceId(), id, !caller.testMode(), request.toSettings(json)), false);
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            operationId = "deleteWebhook",
            summary = "Delete a webhook endpoint",
            description = "Its pending deliveries are not sent.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        endpoints.delete(caller.workspaceId(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(
            operationId = "rotateWebhookSecret",
            summary = "Rotate the signing secret",
            description = "Returns the new secret (shown once). For 24 h every message carries two `v1,` signatures,"
                    + " one with each secret, so receivers can switch without losing a message.")
    public EndpointResponse rotateSecret(@PathParam("id") String id) {
        return EndpointResponse.from(endpoints.rotateSecret(caller.workspaceId(), id), true);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(
            operationId = "enableWebhook",
            summary = "Enable an endpoint",
            description = "Deliveries failed meanwhile can be re-sent with recover.")
    public EndpointResponse enable(@PathParam("id") String id) {
        return EndpointResponse.from(endpoints.enable(caller.workspaceId(), id), false);
    }

    @POST
    @Path("/{id}/disable")
    @Operation(
            operationId = "disableWebhook",
            summary = "Disable an endpoint",
            description = "Nothing is sent to it until it is enabled again.")
    public EndpointResponse disable(@PathParam("id") String id) {
        return EndpointResponse.from(endpoints.disable(caller.workspaceId(), id), false);
    }

    private EndpointRequest parse(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "body_required", "A JSON body is required.");
        }
        return json.readValue(body, EndpointRequest.class);
    }
}
