package dev.herald.webhook.delivery.service;

import java.time.Instant;
import java.util.List;

import dev.herald.kit.tracing.TraceContext;
import dev.herald.webhook.delivery.repository.DeliveryRepository;
import dev.herald.webhook.endpoint.Endpoint;

/** A delivery taken by this sender, with what it needs outside the transaction. */
record Claimed(String id, String endpointId, String url, List<String> secrets, String payload, TraceContext trace) {

    static Claimed of(DeliveryRepository.Leased leased, Endpoint endpoint, Instant now) {
        return new Claimed(
                leased.id(),
                endpoint.id(),
                endpoint.url(),
                endpoint.signingSecrets(now),
                leased.payload(),
                leased.trace());
    }
}
