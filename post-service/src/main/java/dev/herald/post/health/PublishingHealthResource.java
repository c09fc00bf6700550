package dev.herald.post.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.herald.kit.security.Caller;

/** {@code GET /v1/health/publishing}: is this workspace's publishing on time? */
@Path("/v1/health/publishing")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Health", description = "Whether the workspace's posts go out on time.")
public class PublishingHealthResource {

    private final PublishingWatchdog watchdog;
    private final Caller caller;

    public PublishingHealthResource(PublishingWatchdog watchdog, Caller caller) {
        this.watchdog = watchdog;
        this.caller = caller;
    }

    @GET
    @Operation(
            operationId = "getPublishingHealth",
            summary = "Publishing health",
            description = "Overdue destinations (past due by more than a minute and not yet with the platform; paused"
                    + " queues excluded), the oldest of them, the due-to-published lag of the last hour, and when"
                    + " the publisher last answered.")
    public PublishingHealth get() {
        return watchdog.health(caller.workspaceId());
    }
}
