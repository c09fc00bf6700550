package dev.herald.post.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.events.EventTypes;
import dev.herald.events.PostEvent;
import dev.herald.events.Topics;
import dev.herald.kit.id.Ids;
import dev.herald.kit.outbox.Outbox;
import dev.herald.post.Destination;
import dev.herald.post.Post;
import dev.herald.post.PostStatus;

/**
 * Announces post lifecycle changes on {@code herald.post.events.v1} (keyed by post id), through the outbox of the
 * transaction that made the change. The payload is what webhook receivers get.
 */
@ApplicationScoped
public class PostEventPublisher {

    private final Outbox outbox;

    public PostEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    public void publish(Post post, String type, Instant now) {
        String eventId = Ids.newId("evt");
        outbox.append(
                Topics.POST_EVENTS,
                post.id(),
                type,
                eventId,
                new PostEvent(eventId, type, now, post.workspaceId(), snapshot(post)));
    }

    /** The event for a post that just reached a final status, if it did. */
    public void publishOutcome(Post post, Instant now) {
        String type = switch (post.status()) {
            case PostStatus.PUBLISHED -> EventTypes.POST_PUBLISHED;
            case PostStatus.PARTIAL -> EventTypes.POST_PARTIALLY_PUBLISHED;
            case PostStatus.FAILED -> EventTypes.POST_FAILED;
            default -> null;
        };
        if (type != null) {
            publish(post, type, now);
        }
    }

    static PostEvent.PostSnapshot snapshot(Post post) {
        return new PostEvent.PostSnapshot(
                post.id(),
                post.status(),
                post.caption(),
                post.scheduledAt(),
                post.timezone(),
                post.externalId(),
                post.createdAt(),
                post.destinations().stream().map(PostEventPublisher::snapshot).toList(),
                post.content().allMediaIds());
    }

    private static PostEvent.DestinationSnapshot snapshot(Destination destination) {
        return new PostEvent.DestinationSnapshot(
                destination.id(),
                destination.accountId(),
                destination.platform(),
                destination.status(),
                destination.platformPostId(),
                destination.permalink(),
                destination.errorCode(),
                destination.errorMessage(),
                destination.attempts(),
                destination.publishedAt(),
                destination.atRiskCode(),
                destination.atRiskMessage());
    }
}
