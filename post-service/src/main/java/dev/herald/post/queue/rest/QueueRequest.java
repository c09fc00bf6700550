package dev.herald.post.queue.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /v1/queues} and {@code PATCH /v1/queues/{id}} (absent fields stay as they are).
 *
 * @param slots weekly slots, {@code {"day": "mon", "time": "09:00"}}, local to {@code timezone}
 */
public record QueueRequest(String name, String timezone, List<SlotRequest> slots, List<String> accountIds) {

    /** One weekly slot. */
    @Schema(name = "WeeklySlot")
    public record SlotRequest(String day, String time) {}
}
