package dev.herald.events;

import java.time.Instant;

/**
 * The current state of a social account, published on the compacted accounts
 * topic keyed by account id.
 *
 * @param status {@code connected | expired | revoked | error}
 * @param reason why it is not connected (or will not stay so), in words; {@code null} when connected and well
 * @param expiresAt when its access ends unless the user reconnects it (a token the platform cannot refresh);
 *     {@code null} when it does not end or is refreshed by Herald
 * @param reconnectUrl where to start connecting it again (an {@code account.expiring} or {@code account.expired})
 */
public record AccountEvent(
        String accountId,
        String workspaceId,
        String platform,
        String handle,
        String status,
        String mode,
        Instant occurredAt,
        String reason,
        Instant expiresAt,
        String reconnectUrl) {

    public AccountEvent(
            String accountId,
            String workspaceId,
            String platform,
            String handle,
            String status,
            String mode,
            Instant occurredAt) {
        this(accountId, workspaceId, platform, handle, status, mode, occurredAt, null, null, null);
    }
}
