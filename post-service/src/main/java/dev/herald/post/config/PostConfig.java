package dev.herald.post.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the post-service ({@code herald.post.*}). */
@ConfigMapping(prefix = "herald.post")
public interface PostConfig {

    /** Dispatcher settings. */
    Dispatch dispatch();

    /** How many accounts one post may target. */
    @WithDefault("50")
    int maxAccountsPerPost();

    /** Longest caption accepted before per-platform checks. */
    @WithDefault("10000")
    int maxCaptionLength();

    /** How many posts one bulk request may carry. */
    @WithDefault("100")
    int maxBulkPosts();

    /** The publishing watchdog. */
    Watchdog watchdog();

    /**
     * Per-account posting caps by platform id, replacing the documented ones ({@code PostingQuota}) for operators on
     * other API tiers: {@code herald.post.quotas.x.posts=17}, {@code herald.post.quotas.x.window=24h}.
     */
    Map<String, Quota> quotas();

    /** At most {@link #posts()} per account within {@link #window()}. */
    interface Quota {

        int posts();

        Duration window();
    }

    /** Finds destinations that should have been published by now. */
    interface Watchdog {

        /** A destination still not final this long after its due time is late ({@code post.late}, once). */
        @WithDefault("5m")
        Duration lateAfter();

        /** How often the watchdog (and the preflight) look. */
        @WithDefault("30s")
        Duration interval();

        /** How long before its due time a scheduled destination is checked (account connected, media ready). */
        @WithDefault("10m")
        Duration preflightLead();
    }

    /** Imports of a post's {@code media: [{url}]} through media-service. */
    Media media();

    interface Media {

        /** media-service's internal address (its {@code /internal} API, called with a service token). */
        @WithDefault("http://127.0.0.1:8082")
        String serviceUrl();

        /**
         * How long a create waits for imported files to be processed; past it the answer is {@code 409
         * media_not_ready} with the media ids, to be sent again as {@code media_ids}.
         */
        @WithDefault("60s")
        Duration importWait();

        /** At most this many {@code media} entries in one post. */
        @WithDefault("10")
        int maxImports();
    }

    /** The dispatcher. */
    interface Dispatch {

        /** Whether this replica dispatches (every replica may: they share the work safely). */
        @WithDefault("true")
        boolean enabled();

        /** How many due destinations one transaction claims and sends. */
        @WithDefault("500")
        int batchSize();

        /** How long the dispatcher waits between polls when nothing more is due. */
        @WithDefault("200ms")
        Duration pollInterval();

        /**
         * How far ahead of their due time destinations are claimed: their requests wait in the outbox until due and
         * leave then, so thousands due at one instant are not claimed one batch after another from that instant. From
         * then the post is publishing: edits and cancels answer 409. 0 claims only what is due.
         */
        @WithDefault("2s")
        Duration lookahead();
    }
}
