package dev.herald.analytics.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.analytics.PublishRecord;
import dev.herald.analytics.repository.PublishRecordRepository;
import dev.herald.events.PublishResult;
import dev.herald.kit.inbox.ProcessedEvents;

/** Records publish outcomes and answers analytics queries. */
@ApplicationScoped
public class AnalyticsService {

    static final String CONSUMER = "analytics-service.publish-results";

    private final PublishRecordRepository records;
    private final ProcessedEvents processed;

    public AnalyticsService(PublishRecordRepository records, ProcessedEvents processed) {
        this.records = records;
        this.processed = processed;
    }

    @Transactional
    public void record(String eventId, PublishResult result) {
        if (!processed.firstTime(CONSUMER, eventId)) {
            return;
        }
        PublishRecord existing = records.findById(result.destinationId());
        if (existing == null) {
            records.persist(PublishRecord.from(result));
        } else {
            existing.apply(result);
        }
    }

    @Transactional
    public List<PublishRecord> forPost(String workspaceId, String postId) {
        return records.forPost(workspaceId, postId);
    }
}
