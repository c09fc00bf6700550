package dev.herald.media.processing;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.events.EventTypes;
import dev.herald.events.MediaEvent;
import dev.herald.events.Topics;
import dev.herald.kit.id.Ids;
import dev.herald.kit.inbox.ConsumerTransactions;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.kit.outbox.Outbox;
import dev.herald.kit.tx.AfterCommit;
import dev.herald.media.MediaItem;
import dev.herald.media.config.MediaConfig;
import dev.herald.media.repository.MediaItemRepository;
import dev.herald.media.storage.MediaStorage;
import dev.herald.rules.MediaFile;
import dev.herald.rules.MediaRules;

/**
 * Runs one processing job: inspects the bytes outside any transaction, under a time limit, then records the outcome
 * and its {@code media.ready} / {@code media.failed} event (outbox) in one transaction. A bad file ends {@code failed}
 * with a reason; nothing a file contains can stop the worker. Each transaction waits out an outage on its own
 * ({@link ConsumerTransactions}), so a failure to record the outcome never makes the file be inspected again.
 */
@ApplicationScoped
public class MediaProcessor {

    static final String CONSUMER = "media-service.media-jobs";
    private static final Logger LOG = Logger.getLogger(MediaProcessor.class);

    private final MediaItemRepository items;
    private final MediaInspector inspector;
    private final MediaStorage storage;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final AfterCommit afterCommit;
    private final MediaConfig config;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final ConsumerTransactions transactions;
    private volatile boolean stopping;
    private final ExecutorService inspections = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "media-inspection");
        thread.setDaemon(true);
        return thread;
    });

    public MediaProcessor(
            MediaItemRepository items,
            MediaInspector inspector,
            MediaStorage storage,
            ProcessedEvents processed,
            Outbox outbox,
            AfterCommit afterCommit,
            MediaConfig config,
            ObjectMapper json,
            MeterRegistry registry,
            ConsumerTransactions transactions) {
        this.items = items;
        this.inspector = inspector;
        this.storage = storage;
        this.processed = processed;
        this.outbox = outbox;
        this.afterCommit = afterCommit;
        this.config = config;
        this.json = json;
        this.registry = registry;
        this.transactions = transactions;
    }

    /** Processes a job once; a repeat (redelivery) or a job for an item no longer processing changes nothing. */
    public void process(String eventId, MediaJob job) {
        MediaItem item = transactions.call(() -> items.findInWorkspace(job.workspaceId(), job.mediaId())
                .filter(MediaItem::isProcessing)
                .orElse(null));
        if (item == null) {
            return;
        }
        Outcome outcome = inspectWithin(item);
        transactions.run(() -> finish(eventId, job, outcome));
        registry.counter("herald.media.processed", "outcome", outcome.rejection == null ? "ready" : "failed")
                .increment();
    }

    private Outcome inspectWithin(MediaItem item) {
        MediaInspector.Cancel cancel = new MediaInspector.Cancel();
        Future<MediaItem.Measured> running =
                inspections.submit(() -> inspector.inspect(item, item.storageKey(), cancel));
        try {
            return new Outcome(running.get(config.processing().timeout().toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            cancel.cancel();
            running.cancel(true);
            return new Outcome(
                    null,
                    new Rejection(
                            Rejection.TIMEOUT,
                            "Processing took longer than "
                                    + config.processing().timeout().toSeconds() + " s."));
        } catch (InterruptedException e) {
            cancel.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while processing " + item.id(), e);
        } catch (ExecutionException e) {
            if (stopping) {
                // Cut short by the shutdown (its thread interrupted), not by the file: not an outcome to record.
                throw new IllegalStateException("Shutting down while processing " + item.id(), e);
            }
            return new Outcome(null, asRejection(item, e.getCause()));
        }
    }

    private static Rejection asRejection(MediaItem item, Throwable cause) {
        if (cause instanceof Rejection rejection) {
            return rejection;
        }
        if (cause instanceof OutOfMemoryError) {
            return new Rejection(Rejection.TOO_LARGE, "The file needs more memory to read than a job may use.");
        }
        LOG.infof("Media %s unreadable: %s", item.id(), cause.toString());
        String reason = cause instanceof IOException
                ? cause.getMessage()
                : cause.getClass().getSimpleName();
        return new Rejection(Rejection.CORRUPT, "The file cannot be read: " + reason);
    }

    private void finish(String eventId, MediaJob job, Outcome outcome) {
        if (!processed.firstTime(CONSUMER, eventId)) {
            return;
        }
        MediaItem item = items.findInWorkspace(job.workspaceId(), job.mediaId()).orElse(null);
        if (item == null || !item.isProcessing()) {
            return;
        }
        Instant now = Instant.now();
        MediaItem.Measured measured = outcome.measured;
        String type;
        if (outcome.rejection == null) {
            dedupe(item, measured.sha256());
            MediaFile file = new MediaFile(
                    measured.kind(),
                    measured.mimeType(),
                    item.sizeBytes(),
                    measured.width() == null ? 0 : measured.width(),
                    measured.height() == null ? 0 : measured.height(),
                    measured.durationMs());
            item.markReady(measured, write(MediaRules.checkAll(file)), now);
            type = EventTypes.MEDIA_READY;
        } else {
            item.markFailed(outcome.rejection.code(), outcome.rejection.getMessage(), null, now);
            type = EventTypes.MEDIA_FAILED;
        }
        String id = Ids.newId("evt");
        outbox.append(
                Topics.MEDIA_EVENTS,
                item.id(),
                type,
                id,
                new MediaEvent(
                        id,
                        type,
                        item.workspaceId(),
                        item.id(),
                        measured == null ? null : measured.kind(),
                        item.errorCode(),
                        item.errorMessage(),
                        now));
    }

    /** The same bytes already stored in the workspace: point at them and drop this copy once committed. */
    private void dedupe(MediaItem item, String sha256) {
        items.findOriginal(item.workspaceId(), sha256, item.id())
                .filter(original -> !original.storageKey().equals(item.storageKey()))
                .ifPresent(original -> {
                    String copy = item.storageKey();
                    item.shareStorageWith(original);
                    afterCommit.once("dedupe:" + item.id(), () -> deleteQuietly(copy));
                });
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not delete %s (the cleanup will not find it again): %s", key, e.getMessage());
        }
    }

    private String write(Map<String, String> compatibility) {
        try {
            return json.writeValueAsString(compatibility);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
        inspections.shutdownNow();
    }

    private record Outcome(MediaItem.Measured measured, Rejection rejection) {}
}
