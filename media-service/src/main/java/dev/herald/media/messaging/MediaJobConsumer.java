package dev.herald.media.messaging;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.herald.events.EventJson;
import dev.herald.kit.inbox.ProcessedEvents;
import dev.herald.media.processing.MediaJob;
import dev.herald.media.processing.MediaProcessor;

/**
 * Transport adapter: processing jobs from {@code herald.media.jobs.v1} to {@link MediaProcessor}. Its own consumer
 * group, so processing replicas scale apart from the API. A database outage is waited out by the processor, one
 * transaction at a time, so the inspection is never redone for it.
 */
@ApplicationScoped
public class MediaJobConsumer {

    public static final String CHANNEL = "media-jobs";
    static final String WORKERS = "media-processing";

    private final MediaProcessor processor;

    public MediaJobConsumer(MediaProcessor processor) {
        this.processor = processor;
    }

    @Incoming(CHANNEL)
    // Jobs are independent (one item each): a few at once on a bounded pool of their own, so memory stays bounded by
    // (concurrency x one job's bound) and a slow file does not hold up the others.
    @Blocking(value = WORKERS, ordered = false)
    // A bad file is not an error here (it ends failed); only an unreadable job goes to the dead-letter topic at once.
    // What else can end a job with an exception is a shutdown cutting its inspection short: retried, not
    // dead-lettered, the job stays unacknowledged until the process exits and is processed again after the restart.
    @Retry(
            maxRetries = -1,
            delay = 200,
            jitter = 100,
            maxDuration = 15,
            durationUnit = ChronoUnit.MINUTES,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public void consume(ConsumerRecord<String, String> record) {
        processor.process(ProcessedEvents.eventId(record), EventJson.read(record.value(), MediaJob.class));
    }
}
