package dev.herald.media;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/**
 * What media-service knows of one post from the post events: its last status and, while it is not final, the media it
 * uses. Those media are "in use": they cannot be deleted and the cleanup keeps them until the post is done.
 */
@Entity
@Table(name = "post_usage")
public class PostUsage {

    /**
     * The post-service's final statuses (its {@code PostStatus}): published, partial, failed, canceled. Any other
     * status, including one added later, counts as active, so an unknown status keeps files rather than losing them.
     */
    private static final Set<String> FINAL = Set.of("published", "partial", "failed", "canceled");

    @Id
    private String postId;

    private String workspaceId;
    private String postStatus;
    private boolean active;
    private Instant eventAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "media_usage", joinColumns = @JoinColumn(name = "post_id"))
    @Column(name = "media_id")
    private Set<String> mediaIds = new LinkedHashSet<>();

    protected PostUsage() {
        // for JPA
    }

    /** A post seen for the first time. */
    public static PostUsage first(String postId, String workspaceId) {
        PostUsage usage = new PostUsage();
        usage.postId = postId;
        usage.workspaceId = workspaceId;
        usage.eventAt = Instant.EPOCH;
        return usage;
    }

    /**
     * Takes the post's state from an event; an event older than the one already applied changes nothing (Kafka keeps
     * a post's events in order, but an outbox re-send can bring an old one back).
     *
     * @return whether the event was applied
     */
    public boolean observe(String status, Collection<String> media, Instant at) {
        if (at.isBefore(eventAt)) {
            return false;
        }
        postStatus = status;
        eventAt = at;
        active = !FINAL.contains(status);
        mediaIds.clear();
        if (active) {
            mediaIds.addAll(media);
        }
        return true;
    }

    public String postId() {
        return postId;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String postStatus() {
        return postStatus;
    }

    public boolean active() {
        return active;
    }

    public Set<String> mediaIds() {
        return Set.copyOf(mediaIds);
    }
}
