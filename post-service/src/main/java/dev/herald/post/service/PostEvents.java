package dev.herald.post.service;

import dev.herald.events.PostEvent;
import dev.herald.post.Destination;
import dev.herald.post.Post;

/** Maps a post to the snapshot carried by post events (and so by webhooks). */
final class PostEvents {

    private PostEvents() {}

    static PostEvent.PostSnapshot snapshot(Post post) {
        return new PostEvent.PostSnapshot(
                post.id(),
                post.status(),
                post.caption(),
                post.scheduledAt(),
                post.createdAt(),
                post.destinations().stream().map(PostEvents::snapshot).toList());
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
                destination.publishedAt());
    }
}
