package dev.herald.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Asks the publisher to publish one destination (one post on one account).
 * Redelivery is expected: the publisher dedupes on {@code destinationId}.
 *
 * @param attempt
 *            1 for the first dispatch, incremented by every retry the
 *            post-service schedules
 */
public record PublishRequest(
        String workspaceId,
        String postId,
        String destinationId,
        String accountId,
        String platform,
        String mode,
        String caption,
        int attempt,
        Instant dueAt,
        Map<String, String> options,
        Content content) {

    /** Everything but the caption; empty lists rather than nulls. */
    public record Content(String link, List<String> mediaIds, String firstComment, List<String> thread) {

        public static final Content NONE = new Content(null, List.of(), null, List.of());
    }
}
