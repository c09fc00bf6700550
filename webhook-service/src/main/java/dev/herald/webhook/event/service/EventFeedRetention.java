package dev.herald.webhook.event.service;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.event.repository.EventFeedRepository;

/** Forgets pull-feed events past the retention (at least 30 days). */
@ApplicationScoped
public class EventFeedRetention {

    private final EventFeedRepository feed;
    private final WebhookConfig config;
    private final Clock clock;

    public EventFeedRetention(EventFeedRepository feed, WebhookConfig config, Clock clock) {
        this.feed = feed;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "1h", delayed = "5m")
    void purge() {
        feed.purgeBefore(clock.instant().minus(config.eventRetention()));
    }
}
