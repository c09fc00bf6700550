package dev.herald.media.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/** Removes unused media on a schedule: upload URLs never completed and failed items, older than the TTL. */
@ApplicationScoped
public class MediaCleanup {

    private static final Logger LOG = Logger.getLogger(MediaCleanup.class);

    private final MediaService media;

    public MediaCleanup(MediaService media) {
        this.media = media;
    }

    @Scheduled(every = "${herald.media.cleanup.interval:1h}", delayed = "1m")
    void run() {
        int removed;
        int total = 0;
        do {
            removed = media.cleanUp(Instant.now());
            total += removed;
        } while (removed > 0);
        if (total > 0) {
            LOG.infof("Removed %d unused media items", total);
        }
    }
}
