package dev.herald.client;

/**
 * The filters of {@code GET /v1/posts}; unset ones are not sent. Times are ISO-8601 with an offset
 * ({@code 2026-12-01T00:00:00Z}).
 */
public final class PostsQuery {

    String status;
    String platform;
    String accountId;
    String externalId;
    String scheduledFrom;
    String scheduledTo;
    String createdFrom;
    String createdTo;
    Integer limit;

    /** {@code draft}, {@code scheduled}, {@code publishing}, {@code published}, {@code partial}, {@code failed}, {@code canceled}. */
    public PostsQuery status(String status) {
        this.status = status;
        return this;
    }

    public PostsQuery platform(String platform) {
        this.platform = platform;
        return this;
    }

    public PostsQuery accountId(String accountId) {
        this.accountId = accountId;
        return this;
    }

    public PostsQuery externalId(String externalId) {
        this.externalId = externalId;
        return this;
    }

    public PostsQuery scheduledBetween(String from, String to) {
        this.scheduledFrom = from;
        this.scheduledTo = to;
        return this;
    }

    public PostsQuery createdBetween(String from, String to) {
        this.createdFrom = from;
        this.createdTo = to;
        return this;
    }

    /** Posts per page, 1-100 (20 by default). */
    public PostsQuery limit(int limit) {
        this.limit = limit;
        return this;
    }
}
