package dev.herald.post.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.herald.events.PublisherHeartbeat;

/**
 * What this replica last heard from the publishers: each instance's heartbeat (every replica reads them all, see the
 * {@code publisher-heartbeats} channel) and the last result. Kept in memory: after a restart it is known again
 * within one heartbeat.
 */
@ApplicationScoped
public class PublisherPresence {

    /** An instance not heard from for this long counts as gone (heartbeats come every 10 s by default). */
    static final Duration ALIVE_WITHIN = Duration.ofSeconds(30);
    /** Instances gone this long are forgotten (the map does not grow with every restart). */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final Map<String, PublisherHeartbeat> instances = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastResultAt = new AtomicReference<>();

    public void heartbeat(PublisherHeartbeat beat) {
        instances.merge(beat.instanceId(), beat, (old, fresh) -> fresh.at().isAfter(old.at()) ? fresh : old);
    }

    /** Called for every publisher result. */
    public void resultSeen(Instant at) {
        lastResultAt.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    PublishingHealth.Publisher snapshot(Instant now) {
        instances.values().removeIf(beat -> beat.at().isBefore(now.minus(FORGET_AFTER)));
        Instant lastHeartbeat = null;
        int alive = 0;
        int inFlight = 0;
        for (PublisherHeartbeat beat : instances.values()) {
            lastHeartbeat = lastHeartbeat == null || beat.at().isAfter(lastHeartbeat) ? beat.at() : lastHeartbeat;
            if (beat.at().isAfter(now.minus(ALIVE_WITHIN))) {
                alive++;
                inFlight += beat.inFlight();
            }
        }
        return new PublishingHealth.Publisher(lastResultAt.get(), lastHeartbeat, alive, inFlight);
    }
}
