package dev.herald.publisher.connector.sandbox;

import java.time.Instant;

/** One call that reached the sandbox platform and created a post there. */
public record SandboxPublication(
        String id,
        String object,
        String accountId,
        String postId,
        String destinationId,
        String platform,
        int attempt,
        String text,
        String permalink,
        Instant createdAt) {}
