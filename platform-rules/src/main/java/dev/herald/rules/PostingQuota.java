package dev.herald.rules;

import java.time.Duration;
import java.util.Optional;

/**
 * How many posts one account may publish through a platform's API within a sliding window, where the platform
 * documents a cap (summarised in {@code PLATFORMS.md}). Past it the platform refuses posts, so a scheduled post that
 * would exceed it is at risk. Operators on other API tiers override these (post-service's {@code herald.post.quotas}).
 */
public record PostingQuota(int posts, Duration window) {

    public PostingQuota {
        if (posts < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A quota needs at least one post in a positive window");
        }
    }

    /** The platform's documented per-account cap, if it has one. */
    public static Optional<PostingQuota> of(Platform platform) {
        return Optional.ofNullable(
                switch (platform) {
                    // content_publishing_limit: 100 API-published posts per 24 h (older docs say 50).
                    case INSTAGRAM -> new PostingQuota(100, Duration.ofHours(24));
                    // threads_publishing_limit: 250 posts per 24 h.
                    case THREADS -> new PostingQuota(250, Duration.ofHours(24));
                    // POST /2/tweets: 100 per 15 minutes per user.
                    case X -> new PostingQuota(100, Duration.ofMinutes(15));
                    // Statuses: 300 per 3 hours per account.
                    case MASTODON -> new PostingQuota(300, Duration.ofHours(3));
                    // 5,000 write points per hour on a hosted PDS; creating a record costs 3.
                    case BLUESKY -> new PostingQuota(1_666, Duration.ofHours(1));
                    default -> null;
                });
    }

    /** "100 posts per 24 h". */
    public String describe() {
        return posts + " posts per " + span();
    }

    /** The window in words: "24 h", "15 min". */
    public String span() {
        long minutes = window.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
    }
}
