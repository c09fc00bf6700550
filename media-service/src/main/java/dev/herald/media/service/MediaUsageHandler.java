package dev.herald.media.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.events.PostEvent;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.media.PostUsage;
import dev.herald.media.repository.MediaItemRepository;
import dev.herald.media.repository.PostUsageRepository;

/**
 * Learns from the post lifecycle which media are attached to posts that are not final. Each event is applied once
 * (processed-event log) and only if it is not older than what is known of its post.
 */
@ApplicationScoped
public class MediaUsageHandler {

    static final String CONSUMER = "media-service.post-events";

    private final PostUsageRepository usages;
    private final MediaItemRepository items;
    private final ProcessedEvents processed;

    public MediaUsageHandler(PostUsageRepository usages, MediaItemRepository items, ProcessedEvents processed) {
        this.usages = usages;
        this.items = items;
        this.processed = processed;
    }

    @Transactional
    public void handle(String eventId, PostEvent event) {
        PostEvent.PostSnapshot post = event.data();
        if (post == null || post.id() == null || post.status() == null || event.workspaceId() == null) {
            throw new IllegalArgumentException("A post event without its post, status or workspace: " + eventId);
        }
        if (!processed.firstTime(CONSUMER, eventId)) {
            return;
        }
        Instant at = event.createdAt() != null ? event.createdAt() : Instant.now();
        // Named by a post once: no longer the library's never-attached upload, whatever the post becomes.
        items.markAttached(event.workspaceId(), post.mediaIds(), at);
        PostUsage usage = usages.findByIdOptional(post.id()).orElse(null);
        if (usage == null) {
            // Observed before persisting: the insert carries the state it had at persist time.
            usage = PostUsage.first(post.id(), event.workspaceId());
            usage.observe(post.status(), post.mediaIds(), at);
            usages.persist(usage);
        } else if (usage.workspaceId().equals(event.workspaceId())) {
            usage.observe(post.status(), post.mediaIds(), at);
        }
        // Otherwise: post ids are unique across workspaces, so an event naming another workspace is not this post's.
    }
}
