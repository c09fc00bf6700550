package dev.herald.post.queue.rest;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.page.Page;
import dev.herald.kit.security.Caller;
import dev.herald.post.queue.Queue;
import dev.herald.post.queue.service.QueueService;

/** The public queues API and find-slot. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Queues", description = "Weekly posting slots in a time zone; queue posts take the next free slot.")
public class QueueResource {

    private final QueueService queues;
    private final Caller caller;

    public QueueResource(QueueService queues, Caller caller) {
        this.queues = queues;
        this.caller = caller;
    }

    @POST
    @Path("/queues")
    @Operation(operationId = "createQueue", summary = "Create a queue")
    @APIResponse(
            responseCode = "201",
            description = "The queue",
            content = @Content(schema = @Schema(implementation = QueueResponse.class)))
    public Response create(QueueRequest request) {
        Queue queue = queues.create(caller.workspaceId(), caller.mode(), request);
        return Response.created(URI.create("/v1/queues/" + queue.id()))
                .entity(QueueResponse.from(queue))
                .build();
    }

    @GET
    @Path("/queues")
    @Operation(operationId = "listQueues", summary = "List queues", description = "Oldest first.")
    public Page<QueueResponse> list(
            @QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("cursor") String cursor) {
        Page.checkLimit(limit);
        return Page.of(queues.list(caller.workspaceId(), cursor, limit + 1), limit, QueueResponse::from, Queue::id);
    }

    @GET
    @Path("/queues/{id}")
    @Operation(operationId = "getQueue", summary = "Get a queue")
    public QueueResponse get(@PathParam("id") String id) {
        return QueueResponse.from(queues.get(caller.workspaceId(), id));
    }

    @PATCH
    @Path("/queues/{id}")
    @Operation(operationId = "updateQueue", summary = "Edit a queue", description = "Absent fields stay as they are.")
    public QueueResponse update(@PathParam("id") String id, QueueRequest request) {
        return QueueResponse.from(queues.update(caller.workspaceId(), caller.mode(), id, request));
    }

    @DELETE
    @Path("/queues/{id}")
    @Operation(operationId = "deleteQueue", summary = "Delete a queue", description = "Its posts keep their times.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        queues.delete(caller.workspaceId(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/queues/{id}/pause")
    @Operation(
            operationId = "pauseQueue",
            summary = "Pause a queue",
            description = "Its due posts are held until it resumes.")
    public QueueResponse pause(@PathParam("id") String id) {
        return QueueResponse.from(queues.pause(caller.workspaceId(), id, true));
    }

    @POST
    @Path("/queues/{id}/resume")
    @Operation(operationId = "resumeQueue", summary = "Resume a queue", description = "Held posts go at once.")
    public QueueResponse resume(@PathParam("id") String id) {
        return QueueResponse.from(queues.pause(caller.workspaceId(), id, false));
    }

    /** The next free slots (Postiz's find-slot), in UTC and in the queue's local time. */
    @GET
    @Path("/queues/{id}/slots")
    @Operation(
            operationId = "listQueueSlots",
            summary = "The next free slots of a queue",
            description = "`count` is 1 to 100 (default 10).")
    public Slots slots(@PathParam("id") String id, @QueryParam("count") @DefaultValue("10") int count) {
        if (count < 1 || count > 100) {
            throw ApiException.invalid(
                    "count must be between 1 and 100.",
                    List.of(new ApiError.Detail("count", "out_of_range", "Use 1 to 100.")));
        }
        Queue queue = queues.get(caller.workspaceId(), id);
        ZoneId zone = ZoneId.of(queue.timezone());
        return new Slots(
                queue.id(),
                queues.freeSlots(caller.workspaceId(), id, count).stream()
                        .map(at -> new Slot(at, LocalDateTime.ofInstant(at, zone), queue.timezone()))
                        .toList());
    }

    @GET
    @Path("/find-slot")
    @Operation(operationId = "findNextSlot", summary = "The next free slot of the oldest queue posting to an account")
    @APIResponse(
            responseCode = "200",
            description = "The slot",
            content = @Content(schema = @Schema(implementation = Slot.class)))
    @APIResponse(responseCode = "409", description = "The queue has no free slot in the next year")
    public Slot findSlot(@QueryParam("account_id") String accountId) {
        if (accountId == null || accountId.isBlank()) {
            throw ApiException.invalid(
                    "account_id is required.",
                    List.of(new ApiError.Detail("account_id", "required", "Pass ?account_id=acct_…")));
        }
        QueueService.FoundSlot found = queues.findSlot(caller.workspaceId(), accountId);
        return new Slot(
                found.at(),
                LocalDateTime.ofInstant(found.at(), ZoneId.of(found.queue().timezone())),
                found.queue().timezone(),
                found.queue().id());
    }

    /** Free slots of a queue. */
    @Schema(name = "QueueSlots")
    public record Slots(String queueId, List<Slot> data) {}

    /** One free slot. */
    @Schema(name = "FreeSlot")
    public record Slot(Instant at, LocalDateTime localTime, String timezone, String queueId) {

        Slot(Instant at, LocalDateTime localTime, String timezone) {
            this(at, localTime, timezone, null);
        }
    }
}
