package dev.herald.events;

import java.time.Instant;

/**
 * The current state of a social account, published on the compacted accounts
 * topic keyed by account id.
 */
public record AccountEvent(
        String accountId,
        String workspaceId,
        String platform,
        String handle,
        String status,
        String mode,
        Instant occurredAt) {}
