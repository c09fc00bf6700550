package dev.herald.post.config;

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

    /** The dispatcher. */
    interface Dispatch {

        /** How many due destinations one transaction claims and sends. */
        @WithDefault("500")
        int batchSize();
    }
}
