package dev.herald.publisher.connector;

import java.util.Optional;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.account.Account;

/** One social platform's publishing contract. */
public interface PlatformConnector {

    /** The platform name used in accounts and events, e.g. {@code sandbox}, {@code mastodon}. */
    String platform();

    /**
     * Publishes one destination. Implementations pass {@code request.destinationId()} as the platform's idempotency
     * key where the platform has one.
     */
    PublishOutcome publish(Account account, PublishRequest request);

    /**
     * Reads back whether an earlier attempt whose outcome is unknown (a crash or timeout during the call) did
     * publish; empty when it did not, or when the platform cannot tell.
     */
    Optional<PublishOutcome> lookup(Account account, PublishRequest request);
}
