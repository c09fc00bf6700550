package dev.herald.post;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.events.EventTypes;
import dev.herald.events.MediaEvent;

/** What the post-service knows of a media item: whose it is, what kind, and whether it is ready to publish. */
@Entity
@Table(name = "media_view")
public class MediaView {

    public static final String READY = "ready";
    public static final String FAILED = "failed";

    @Id
    private String id;

    private String workspaceId;
    private String kind;
    private String status;
    private Instant updatedAt;

    protected MediaView() {
        // for JPA
    }

    public static MediaView from(MediaEvent event) {
        MediaView view = new MediaView();
        view.id = event.mediaId();
        view.workspaceId = event.workspaceId();
        view.apply(event);
        return view;
    }

    /** Applies an event unless it is older than what is known. */
    public void apply(MediaEvent event) {
        if (updatedAt != null
                && event.occurredAt() != null
                && event.occurredAt().isBefore(updatedAt)) {
            return;
        }
        kind = event.kind();
        status = EventTypes.MEDIA_READY.equals(event.type()) ? READY : FAILED;
        updatedAt = event.occurredAt() != null ? event.occurredAt() : Instant.now();
    }

    public boolean isReady() {
        return READY.equals(status);
    }

    public boolean isVideo() {
        return "video".equals(kind);
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String status() {
        return status;
    }
}
