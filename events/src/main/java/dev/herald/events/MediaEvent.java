package dev.herald.events;

import java.time.Instant;

/**
 * A media item finished processing: {@code media.ready} or {@code media.failed}.
 *
 * @param kind {@code image}, {@code gif} or {@code video}
 */
public record MediaEvent(
        String id,
        String type,
        String workspaceId,
        String mediaId,
        String kind,
        String errorCode,
        String errorMessage,
        Instant occurredAt) {}
