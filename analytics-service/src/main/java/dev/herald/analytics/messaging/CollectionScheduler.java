package dev.herald.analytics.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.herald.analytics.config.AnalyticsConfig;
import dev.herald.analytics.service.CollectionService;

/** The clock of metric collection: requests due slots, opens accounts' daily slots, applies the retention. */
@ApplicationScoped
public class CollectionScheduler {

    private static final Logger LOG = Logger.getLogger(CollectionScheduler.class);

    private final CollectionService collection;
    private final int batchSize;

    public CollectionScheduler(CollectionService collection, AnalyticsConfig config) {
        this.collection = collection;
        this.batchSize = config.collection().batchSize();
    }

    @Scheduled(
            every = "${herald.analytics.collection.poll-every:5s}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void requestDue() {
        try {
            while (collection.requestDue(Instant.now()) == batchSize) {
                // A full batch: more are probably due.
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not request due metric slots (will retry): %s", e.getMessage());
        }
    }

    // Hourly rather than at midnight: a day's slot is opened by the first run of the day, even after downtime.
    @Scheduled(
            every = "${herald.analytics.collection.account-check-every:1h}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void openAccountDays() {
        collection.openAccountDays(Instant.now());
    }

    @Scheduled(
            every = "${herald.analytics.retention-check-every:1h}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        long deleted = collection.purge(Instant.now());
        if (deleted > 0) {
            LOG.infof("Retention: deleted %d metric rows", deleted);
        }
    }
}
