package dev.herald.events;

import java.time.Instant;
import java.util.List;

/**
 * A post lifecycle event with the post's current state; also the payload
 * tenants receive through webhooks (as {@code data}).
 */
public record PostEvent(String id, String type, Instant createdAt, String workspaceId, PostSnapshot data) {

    /** The post as it is when the event is emitted. */
    public record PostSnapshot(
            String id,
            String status,
            String caption,
            Instant scheduledAt,
            String timezone,
            String externalId,
            Instant createdAt,
            List<DestinationSnapshot> destinations,
            List<String> mediaIds) {

        /**
         * @param mediaIds every media the post uses (its own and its accounts' overrides), so that media-service knows
         *     which files must be kept until the post is final
         */
        public PostSnapshot {
            mediaIds = mediaIds == null ? List.of() : List.copyOf(mediaIds);
        }

        /** Without media (events written before the field existed read the same way). */
        public PostSnapshot(
                String id,
                String status,
                String caption,
                Instant scheduledAt,
                String timezone,
                String externalId,
                Instant createdAt,
                List<DestinationSnapshot> destinations) {
            this(id, status, caption, scheduledAt, timezone, externalId, createdAt, destinations, List.of());
        }
    }

    /** One destination of the post. */
    public record DestinationSnapshot(
            String id,
            String accountId,
            String platform,
            String status,
            String platformPostId,
            String permalink,
            String errorCode,
            String errorMessage,
            int attempts,
            Instant publishedAt,
            String atRiskCode,
            String atRiskMessage) {}
}
