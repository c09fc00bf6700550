package dev.herald.events;

import java.time.Instant;

/**
 * A media item finished processing: {@code media.ready} or
 * {@code media.failed}.
 */
public record MediaEvent(
        String id,
        String type,
        String workspaceId,
        String mediaId,
        String errorCode,
        String errorMessage,
        Instant occurredAt) {}
