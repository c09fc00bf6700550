package dev.herald.events;

import java.time.Instant;

/**
 * A publisher instance saying it is alive, on {@link Topics#PUBLISHER_HEARTBEATS}.
 *
 * @param instanceId stable for the life of the process (host name and process id)
 * @param inFlight publish requests taken from Kafka and not finished
 */
public record PublisherHeartbeat(String instanceId, Instant startedAt, Instant at, int inFlight) {}
