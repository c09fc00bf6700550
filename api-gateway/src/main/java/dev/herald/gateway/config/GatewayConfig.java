package dev.herald.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the api-gateway ({@code herald.gateway.*}). */
@ConfigMapping(prefix = "herald.gateway")
public interface GatewayConfig {

    /** Base URLs of the services the gateway forwards to. */
    Services services();

    /** The internal JWT the gateway signs for every forwarded request. */
    InternalJwt internalJwt();

    /**
     * Bearer token of the operator API ({@code /admin/v1/**}: create workspaces and their first key). Absent: the
     * operator API is off (404).
     */
    Optional<String> adminToken();

    /**
     * How long a resolved API key is cached per gateway replica; a revoked key stops working everywhere within
     * this time.
     */
    @WithDefault("5s")
    Duration keyCacheTtl();

    /** Rate limits. */
    RateLimit rateLimit();

    /** Signed-in users (OIDC bearer JWTs); the provider itself is configured as the quarkus-oidc tenant "users". */
    Users users();

    /** How long a rotated key keeps working beside its successor. */
    @WithDefault("24h")
    Duration keyRotationGrace();

    /** Largest request body forwarded, media uploads excepted. */
    @WithDefault("10M")
    String maxBodySize();

    /**
     * Largest media upload forwarded (multipart {@code POST /v1/media} and upload-URL {@code PUT}s), streamed through
     * without being held; media-service applies its own caps per type. Keep {@code quarkus.http.limits.max-body-size}
     * at least as large.
     */
    @WithDefault("2G")
    String maxUploadSize();

    /** The MCP server at {@code /v1/mcp} (docs/mcp.md). */
    Mcp mcp();

    /** Service base URLs. */
    interface Services {
        String post();

        String media();

        String publisher();

        String webhook();

        String analytics();
    }

    /** Sliding-window limits. */
    interface RateLimit {

        /** Requests per minute per API key (the default plan). */
        @WithDefault("60")
        int requestsPerMinute();

        /** Requests per minute per workspace, all its keys together (a ceiling above the per-key limit). */
        @WithDefault("600")
        int workspaceRequestsPerMinute();

        /** Failed authentications per minute per client address, so keys cannot be brute-forced. */
        @WithDefault("30")
        int failedAuthPerMinutePerIp();

        /**
         * Redis holding the counters of every replica, so they enforce one limit together ({@code HERALD_REDIS_URL},
         * e.g. {@code redis://redis:6379}, {@code rediss://user:password@host:6380}). Absent: each replica counts
         * alone, in memory.
         */
        Optional<String> redisUrl();

        /**
         * Longest wait for Redis per request. Past it, or on an error, the request is counted by this replica alone
         * and Redis is left alone for two seconds before being tried again.
         */
        @WithDefault("50ms")
        Duration redisTimeout();
    }

    /** How OIDC users map to Herald. */
    interface Users {

        /** Whether bearer JWTs of the OIDC provider are accepted. */
        @WithDefault("false")
        boolean enabled();

        /** The provider's issuer URL (a Keycloak realm URL); its discovery document gives the signing keys. */
        Optional<String> issuer();

        /** The audience ({@code aud}) a user token must carry. */
        @WithDefault("herald-api")
        String audience();

        /**
         * The claim listing the user's organizations and roles: an array of {@code "<organization id>:<role>"} strings
         * (what a Keycloak multivalued user attribute gives) or an object {@code {"<organization id>": "<role>"}}.
         * Roles: {@code admin} (everything, including workspaces and keys) or {@code member}.
         */
        @WithDefault("herald_orgs")
        String organizationsClaim();
    }

    /** Internal JWT settings. */
    interface InternalJwt {

        /** RSA private key, PKCS#8 DER in base64 (the PEM body). */
        String privateKey();

        /** Lifetime of a token; tokens are reused for half of it. */
        @WithDefault("60s")
        Duration ttl();
    }

    /** MCP sessions. */
    interface Mcp {

        /** A session nobody used for this long is ended (clients that never send DELETE); the client then initializes again. */
        @WithDefault("30m")
        Duration sessionIdleTimeout();
    }
}
