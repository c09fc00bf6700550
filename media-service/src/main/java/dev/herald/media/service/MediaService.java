package dev.herald.media.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.herald.events.EventTypes;
import dev.herald.events.MediaEvent;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.media.MediaItem;
import dev.herald.media.repository.MediaItemRepository;

/** Reading media items and applying processing outcomes. */
@ApplicationScoped
public class MediaService {

    static final String CONSUMER = "media-service.media-events";
    private static final Logger LOG = Logger.getLogger(MediaService.class);

    private final MediaItemRepository items;
    private final ProcessedEvents processed;

    public MediaService(MediaItemRepository items, ProcessedEvents processed) {
        this.items = items;
        this.processed = processed;
    }

    @Transactional
    public List<MediaItem> list(String workspaceId, String after, int limit) {
        return items.page(workspaceId, after, limit);
    }

    @Transactional
    public MediaItem get(String workspaceId, String id) {
        return items.findInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("media", id));
    }

    /** Applies {@code media.ready} / {@code media.failed}; unknown items and repeats change nothing. */
    @Transactional
    public void apply(String eventId, MediaEvent event) {
        if (!processed.firstTime(CONSUMER, eventId)) {
            return;
        }
        MediaItem item =
                items.findInWorkspace(event.workspaceId(), event.mediaId()).orElse(null);
        if (item == null) {
            LOG.warnf("Media event %s for unknown media %s ignored", eventId, event.mediaId());
            return;
        }
        Instant now = Instant.now();
        if (EventTypes.MEDIA_READY.equals(event.type())) {
            item.markReady(now);
        } else if (EventTypes.MEDIA_FAILED.equals(event.type())) {
            item.markFailed(event.errorCode(), event.errorMessage(), now);
        }
    }
}
