package dev.herald.publisher.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** Settings of the publisher-service ({@code herald.publisher.*}). */
@ConfigMapping(prefix = "herald.publisher")
public interface PublisherConfig {

    /** Publish requests handled at once (platform calls are mostly waiting on the network). */
    @WithDefault("16")
    int concurrency();

    /**
     * Requests taken from Kafka but not yet finished, at most. Past it the consumer stops polling until some finish,
     * so a slow platform builds a backlog in Kafka rather than in memory.
     */
    @WithDefault("256")
    int maxInFlight();

    /**
     * How long a platform call may take before its outcome counts as unknown (the post may exist: it is read back
     * before any retry).
     */
    @WithDefault("30s")
    Duration platformTimeout();

    /**
     * Whether tenant-given platform servers (a Mastodon instance) may be http or private addresses. Only for tests
     * and local development: in production it would let a tenant point Herald at its own network.
     */
    @WithDefault("false")
    boolean allowPrivateInstanceUrls();

    /** Where the files of posts come from. */
    Media media();

    interface Media {

        /**
         * media-service's internal address: the publisher fetches a post's files from its {@code /internal} API with
         * a service token (never through the public API).
         */
        @WithDefault("http://127.0.0.1:8082")
        String serviceUrl();

        /** Largest file read into memory whole (images); larger files (video) are streamed. */
        @WithDefault("20M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxInMemory();
    }

    /** How often this instance says it is alive (the publishing health shows live publishers). */
    @WithDefault("10s")
    Duration heartbeatEvery();

    /** Retries of retryable platform errors (5xx, 429, network errors before the request was sent). */
    Retry retry();

    /** One circuit breaker and one bulkhead per platform (a sandbox account counts as the platform it impersonates). */
    Guards guards();

    /** The built-in sandbox platform. */
    Sandbox sandbox();

    /** How the sandbox platform behaves. */
    interface Sandbox {

        /** How long each call takes, as a real platform's round trip would (benchmarks, crash tests). */
        @WithDefault("0ms")
        Duration latency();
    }

    /** Per-platform fault tolerance: an unwell platform is left alone for a while, and cannot take every worker. */
    interface Guards {

        /** Calls in the breaker's rolling window; it opens when {@link #failureRatio()} of them failed. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** Share of failed calls (5xx, network errors; not 429s, not 4xx rejections) that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker stays open before one probe call is let through (half-open). */
        @WithDefault("60s")
        Duration openFor();

        /** Successful probes that close a half-open breaker. */
        @WithDefault("1")
        int successThreshold();

        /** Calls in flight to one platform at most; the next one is put off for {@link #bulkheadRetryAfter()}. */
        @WithDefault("8")
        int bulkhead();

        /** How long a request turned away by a full bulkhead waits before the post-service sends it again. */
        @WithDefault("5s")
        Duration bulkheadRetryAfter();
    }

    /** Exponential backoff with jitter; a platform's Retry-After is honoured when it asks for longer. */
    interface Retry {

        /** Attempts in all, the first included; the last retryable error then fails the destination. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait after the first attempt; each further wait is {@link #multiplier()} times longer. */
        @WithDefault("60s")
        Duration initialBackoff();

        @WithDefault("3")
        double multiplier();

        @WithDefault("30m")
        Duration maxBackoff();
    }

    /**
     * The platforms' developer apps by platform id, e.g. {@code herald.publisher.apps.x.client-id}
     * ({@code HERALD_PUBLISHER_APPS_X_CLIENT_ID}). A platform without a client id cannot be connected.
     */
    Map<String, App> apps();

    /** One platform's OAuth client and where its servers are (tests and proxies point them elsewhere). */
    interface App {

        Optional<String> clientId();

        /** For confidential clients (sent with HTTP Basic); public clients have none. */
        Optional<String> clientSecret();

        /** The platform's consent page; defaults to the platform's documented one. */
        Optional<String> authorizeUrl();

        /** The platform's token endpoint; defaults to the documented one. */
        Optional<String> tokenUrl();

        /** The platform's API base URL; defaults to the documented one. */
        Optional<String> apiBaseUrl();
    }

    /** Connect flows: where platforms send the user back, and how long a flow may take. */
    Connect connect();

    interface Connect {

        /**
         * The public base URL of the API (the gateway) that platforms redirect to: the callback is
         * {@code <base>/v1/accounts/callback/<platform>}, which must be registered with each platform's app.
         */
        @WithDefault("http://localhost:8080")
        String callbackBaseUrl();

        /** How long a started flow can be completed (the user is on the platform's consent page meanwhile). */
        @WithDefault("15m")
        Duration sessionTtl();
    }

    /** Keeping connected accounts' tokens alive. */
    Tokens tokens();

    interface Tokens {

        /** Tokens are refreshed this long before they expire. */
        @WithDefault("10m")
        Duration refreshAhead();

        /** A refresh that failed transiently (network, 5xx, 429) is tried again after this. */
        @WithDefault("1m")
        Duration retryAfter();

        /**
         * {@code account.expiring} is sent this long before a token that cannot be refreshed expires (the user must
         * reconnect before then).
         */
        @WithDefault("7d")
        Duration expiryNotice();

        /** How often due refreshes and expiry notices are looked for. */
        @WithDefault("30s")
        Duration checkEvery();
    }

    /**
     * Per-account pacing: the least time between two platform calls for one account, by platform id
     * ({@code herald.publisher.pacing.instagram=30s}); a sandbox account is paced as the platform it impersonates.
     * Platforms not listed are not paced (their own rate limits and the retry policy still apply).
     */
    Map<String, Duration> pacing();

    /** Encryption at rest of connected accounts' OAuth tokens and secrets (docs/decisions/0005). */
    CredentialEncryption credentials();

    /**
     * The key ring of the credentials' envelope encryption: each record has its own data key, wrapped by the current
     * key-encryption key. Rotation: add a new key, make it current, keep the old ones until no record uses them
     * (records move to the current key when next read or written). The dev and test profiles use publicly known keys
     * (ids starting {@code dev-insecure}), refused elsewhere; without a key ring the service does not start.
     */
    interface CredentialEncryption {

        /**
         * Key-encryption keys by id, each 32 random bytes in base64 ({@code openssl rand -base64 32}). From the
         * environment: {@code HERALD_PUBLISHER_CREDENTIALS_KEYS_<ID>}, with an id of lowercase letters and digits.
         */
        Map<String, String> keys();

        /** Id of the key that wraps every data key written ({@code HERALD_PUBLISHER_CREDENTIALS_CURRENT_KEY}). */
        Optional<String> currentKey();
    }
}
