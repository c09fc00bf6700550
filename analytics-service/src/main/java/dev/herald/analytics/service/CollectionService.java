package dev.herald.analytics.service;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.herald.analytics.CollectionSchedule;
import dev.herald.analytics.MetricSlot;
import dev.herald.analytics.Metrics;
import dev.herald.analytics.PublishRecord;
import dev.herald.analytics.config.AnalyticsConfig;
import dev.herald.analytics.repository.MetricSeriesRepository;
import dev.herald.analytics.repository.MetricSlotRepository;
import dev.herald.events.EventJson;
import dev.herald.events.EventTypes;
import dev.herald.events.MetricsReport;
import dev.herald.events.MetricsRequest;
import dev.herald.events.Topics;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.kit.outbox.Outbox;

/**
 * Metric collection: opens the slots of published posts and of accounts, requests the due ones from the publisher
 * (through the outbox, under a lease), and stores what the publisher reports. Every method takes the time from its
 * caller, so tests drive the schedule with their own clock.
 */
@ApplicationScoped
public class CollectionService {

    static final String CONSUMER = "analytics-service.metrics";
    private static final Logger LOG = Logger.getLogger(CollectionService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricSlotRepository slots;
    private final MetricSeriesRepository series;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final AnalyticsConfig.Collection config;
    private final CollectionSchedule schedule;
    private final Duration retention;

    public CollectionService(
            MetricSlotRepository slots,
            MetricSeriesRepository series,
            ProcessedEvents processed,
            Outbox outbox,
            AnalyticsConfig config) {
        this.slots = slots;
        this.series = series;
        this.processed = processed;
        this.outbox = outbox;
        this.config = config.collection();
        this.schedule = new CollectionSchedule(config.collection().schedule());
        this.retention = config.retention();
    }

    /** Deletes metrics older than the retention, and finished slots with them; returns the rows deleted. */
    @Transactional
    public long purge(Instant now) {
        Instant before = now.minus(retention);
        return series.deleteBefore(before) + slots.deleteFinishedBefore(before);
    }

    /** Opens the decaying schedules of destinations that were just published (in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void schedule(List<PublishRecord> records, Instant now) {
        List<MetricSlot> opened = new ArrayList<>();
        for (PublishRecord record : records) {
            Instant publishedAt = record.publishedAt() != null ? record.publishedAt() : now;
            schedule.forPost(publishedAt).forEach(slot -> opened.add(MetricSlot.forPost(record, slot, now)));
        }
        slots.openIfAbsent(opened);
    }

    /** Opens the slot of {@code now}'s UTC day for every account that has published; returns how many were new. */
    @Transactional
    public int openAccountDays(Instant now) {
        return slots.openAccountDays(CollectionSchedule.forAccountDay(now).label(), now);
    }

    /** Opens a refresh slot, due now, for each of the destinations (in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<MetricSlot> refresh(List<PublishRecord> published, Instant now) {
        CollectionSchedule.Slot slot = CollectionSchedule.refresh(now);
        List<MetricSlot> opened = published.stream()
                .map(record -> MetricSlot.forPost(record, slot, now))
                .toList();
        slots.openIfAbsent(opened);
        return opened;
    }

    /**
     * Requests every slot due at {@code now} (one batch): the slots become requested under a lease and their requests
     * are staged in the outbox in the same transaction. Returns how many were requested.
     */
    @Transactional
    public int requestDue(Instant now) {
        List<MetricsRequest> due = slots.claimDue(now, config.lease(), config.batchSize());
        outbox.appendAll(
                Topics.METRICS_REQUESTS,
                EventTypes.METRICS_REQUESTED,
                due.stream()
                        .map(request -> new Outbox.Staged(request.accountId(), request))
                        .toList());
        return due.size();
    }

    /** Applies one report of the publisher, once per event id. */
    @Transactional
    public void apply(String eventId, MetricsReport report, Instant now) {
        if (report.slotId() == null || !processed.firstTime(CONSUMER, eventId)) {
            return;
        }
        MetricSlot slot = slots.lock(report.slotId()).orElse(null);
        if (slot == null || !slot.workspaceId().equals(report.workspaceId())) {
            LOG.warnf("Metrics report %s names no slot of its workspace; ignored", eventId);
            return;
        }
        switch (report.status()) {
            case MetricsReport.COLLECTED -> collected(slot, report, now);
            case MetricsReport.RATE_LIMITED -> {
                if (slot.awaits(report.requestId())) {
                    Instant retryAt =
                            report.retryAt() != null && report.retryAt().isAfter(now)
                                    ? report.retryAt()
                                    : now.plus(config.rateLimitWait());
                    slot.rateLimited(retryAt, reason(report), now);
                }
            }
            case MetricsReport.UNSUPPORTED -> {
                if (slot.awaits(report.requestId())) {
                    slot.unsupported(reason(report), now);
                    // The platform cannot report for this subject: its later slots would be asked in vain.
                    slots.closeOpen(slot.subjectId(), MetricSlot.UNSUPPORTED, reason(report), now);
                }
            }
            default -> {
                if (slot.awaits(report.requestId())) {
                    slot.failed(reason(report), config.maxAttempts(), config.rateLimitWait(), now);
                }
            }
        }
    }

    private void collected(MetricSlot slot, MetricsReport report, Instant now) {
        if (MetricSlot.COLLECTED.equals(slot.state())) {
            return; // a second answer for the slot (a re-request after the lease crossed the first answer)
        }
        Metrics metrics = Metrics.from(report.metrics());
        Instant collectedAt = report.collectedAt() != null ? report.collectedAt() : now;
        String raw = rawJson(report.raw());
        if (MetricsRequest.ACCOUNT.equals(slot.kind())) {
            series.recordAccountDay(slot, metrics, raw, collectedAt);
        } else {
            series.recordPostSample(slot, metrics, raw, collectedAt);
        }
        slot.collected(now);
    }

    /** The raw payload as JSON for the jsonb column: a text that is not JSON is kept as a JSON string. */
    private static String rawJson(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            JSON.readTree(raw);
            return raw;
        } catch (IOException e) {
            return EventJson.write(raw);
        }
    }

    private static String reason(MetricsReport report) {
        String code = report.errorCode() != null ? report.errorCode() : report.status();
        return report.errorMessage() == null ? code : code + ": " + report.errorMessage();
    }
}
