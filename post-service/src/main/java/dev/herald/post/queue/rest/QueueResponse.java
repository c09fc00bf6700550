package dev.herald.post.queue.rest;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.TextStyle;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.herald.post.queue.Queue;

/** A queue as the API shows it. */
@Schema(name = "Queue")
public record QueueResponse(
        String id,
        String object,
        String name,
        String timezone,
        boolean paused,
        List<QueueRequest.SlotRequest> slots,
        List<String> accountIds,
        Instant createdAt) {

    public static QueueResponse from(Queue queue) {
        List<QueueRequest.SlotRequest> slots = queue.slots().stream()
                .sorted(Comparator.comparing(Queue.Slot::dayOfWeek).thenComparing(Queue.Slot::localTime))
                .map(slot -> new QueueRequest.SlotRequest(
                        DayOfWeek.of(slot.dayOfWeek())
                                .getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
                                .toLowerCase(Locale.ROOT),
                        slot.localTime().toString()))
                .toList();
        return new QueueResponse(
                queue.id(),
                "queue",
                queue.name(),
                queue.timezone(),
                queue.paused(),
                slots,
                queue.accountIds().stream().sorted().toList(),
                queue.createdAt());
    }
}
