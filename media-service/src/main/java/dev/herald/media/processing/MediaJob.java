package dev.herald.media.processing;

import java.time.Instant;

/** A processing job on {@code herald.media.jobs.v1}: stored bytes of a media item wait to be inspected. */
public record MediaJob(String workspaceId, String mediaId, Instant requestedAt) {}
