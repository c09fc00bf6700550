package dev.herald.publisher.connector;

import java.util.Optional;

import dev.herald.events.MetricsRequest;
import dev.herald.events.PublishRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.metrics.MetricsOutcome;

/** One social platform's publishing contract. */
public interface PlatformConnector {

    /** The platform name used in accounts and events, e.g. {@code sandbox}, {@code mastodon}. */
    String platform();

    /**
     * The platform API version this connector is written against, pinned here in one place (shown on the account);
     * {@code null} when the platform's API is not versioned.
     */
    default String apiVersion() {
        return null;
    }

    /**
     * Publishes one destination. Implementations pass {@code request.destinationId()} as the platform's idempotency
     * key where the platform has one.
     */
    PublishOutcome publish(Account account, PublishRequest request);

    /**
     * Whether {@link #lookup} can tell if an earlier attempt published this request (the platform can be searched for
     * it, or it keeps idempotency keys). Without that an unknown outcome is not retried blindly: it fails with
     * {@code unknown_outcome}, since a retry could publish twice.
     */
    default boolean canLookUp(PublishRequest request) {
        return false;
    }

    /**
     * Reads back whether an earlier attempt whose outcome is unknown (a crash or timeout during the call) did
     * publish; empty when it did not. Only asked when {@link #canLookUp} says the answer is reliable.
     */
    Optional<PublishOutcome> lookup(Account account, PublishRequest request);

    /**
     * Collects metrics: of the platform post {@code request.platformPostId()} for a {@link MetricsRequest#POST}
     * request, of the account for an {@link MetricsRequest#ACCOUNT} one. A platform's 429 is
     * {@link MetricsOutcome#rateLimited} with its {@code Retry-After}, so that analytics asks again later. Connectors
     * that cannot report metrics (yet) keep this default.
     */
    default MetricsOutcome metrics(Account account, MetricsRequest request) {
        return MetricsOutcome.unsupported("Herald does not collect metrics from " + platform() + " yet.");
    }
}
