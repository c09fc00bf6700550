package dev.herald.webhook.delivery.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.webhook.delivery.Attempt;
import dev.herald.webhook.delivery.Delivery;
import dev.herald.webhook.delivery.service.DeliveryService;

/** An endpoint's deliveries and attempts, re-sends, recovery and the test event. */
@Path("/v1/webhooks/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class DeliveryResource {

    private final DeliveryService deliveries;
    private final Caller caller;

    public DeliveryResource(DeliveryService deliveries, Caller caller) {
        this.deliveries = deliveries;
        this.caller = caller;
    }

    @GET
    @Path("/deliveries")
    @Operation(
            operationId = "listWebhookDeliveries",
            summary = "List an endpoint's deliveries",
            description = "Newest first; filters `status` (pending, delivered, failed), `event_type` and"
                    + " `created_from`/`created_to` (ISO-8601 with offset).")
    public Page<DeliveryResponse> list(
            @PathParam("id") String endpointId,
            @QueryParam("status") String status,
            @QueryParam("event_type") String eventType,
            @QueryParam("created_from") String createdFrom,
            @QueryParam("created_to") String createdTo,
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("cursor") String cursor) {
        Page.checkLimit(limit);
        if (status != null && !Delivery.STATUSES.contains(status)) {
            throw ApiException.invalid(
                    "Unknown status.",
                    List.of(new ApiError.Detail("status", "invalid", "One of pending, delivered, failed.")));
        }
        var filter = new DeliveryService.Filter(
                status, eventType, time("created_from", createdFrom), time("created_to", createdTo));
        return Page.of(
                deliveries.list(caller.workspaceId(), endpointId, filter, cursor, limit + 1),
                limit,
                DeliveryResponse::from,
                Delivery::id);
    }

    @GET
    @Path("/deliveries/{delivery_id}/attempts")
    @Operation(
            operationId = "listWebhookDeliveryAttempts",
            summary = "List a delivery's attempts",
            description = "Oldest first: the request headers sent, the response status, the first KB of the response"
                    + " body, the duration and the error.")
    public Page<AttemptResponse> attempts(
            @PathParam("id") String endpointId,
            @PathParam("delivery_id") String deliveryId,
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("cursor") String cursor) {
        Page.checkLimit(limit);
        return Page.of(
                deliveries.attempts(caller.workspaceId(), endpointId, deliveryId, cursor, limit + 1),
                limit,
                AttemptResponse::from,
                Attempt::id);
    }

    @POST
    @Path("/deliveries/{delivery_id}/retry")
    @Operation(
            operationId = "retryWebhookDelivery",
            summary = "Re-send a failed delivery",
            description = "One attempt, now, with the same webhook-id; `409 delivery_not_failed` otherwise.")
    public DeliveryResponse retry(@PathParam("id") String endpointId, @PathParam("delivery_id") String deliveryId) {
        return DeliveryResponse.from(deliveries.retry(caller.workspaceId(), endpointId, deliveryId));
    }

    @POST
    @Path("/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "recoverWebhookDeliveries",
            summary = "Re-send every failed delivery since a time",
            description = "Each delivery of this endpoint that failed and was created at or after `since` is sent once"
                    + " more (same webhook-id); calling again before they are sent re-sends nothing twice.")
    public RecoverResponse recover(@PathParam("id") String endpointId, RecoverRequest request) {
        if (request == null || request.since() == null) {
            throw ApiException.invalid(
                    "since is required.",
                    List.of(new ApiError.Detail("since", "required", "e.g. 2026-12-01T00:00:00Z")));
        }
        Instant since = time("since", request.since());
        return new RecoverResponse(deliveries.recover(caller.workspaceId(), endpointId, since));
    }

    @POST
    @Path("/test")
    @Operation(
            operationId = "sendWebhookTestEvent",
            summary = "Send a test event now",
            description = "Sends a `webhook.test` event to this endpoint at once and returns the attempt.")
    public AttemptResponse test(@PathParam("id") String endpointId) throws Exception {
        return AttemptResponse.from(deliveries.sendTest(caller.workspaceId(), endpointId));
    }

    /** Body of {@code POST /v1/webhooks/{id}/recover}. */
    public record RecoverRequest(String since) {}

    /** How many failed deliveries were queued again. */
    public record RecoverResponse(int recoveredCount) {}

    private static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    field + " is not an ISO-8601 time with offset.",
                    List.of(new ApiError.Detail(field, "invalid_datetime", "e.g. 2026-12-01T00:00:00Z")));
        }
    }
}
