package dev.herald.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import dev.herald.client.invoker.ApiClient;
import dev.herald.client.invoker.ApiException;

/**
 * The Herald API: the generated operations ({@code dev.herald.client.api}) on one {@link ApiClient} that sends the API
 * key, with shortcuts for posts that add Idempotency-Key, {@link HeraldException} and pagination.
 *
 * <pre>{@code
 * Herald herald = Herald.builder("http://localhost:8080", System.getenv("HERALD_API_KEY")).build();
 * Post post = herald.posts().create(new CreatePostRequest().caption("Hello").addAccountIdsItem("acct_…"),
 *         Herald.newIdempotencyKey());
 * MediaApi media = herald.api(MediaApi::new);               // any other operation, generated
 * Media item = herald.call(() -> media.getMedia("med_…")); // ApiException becomes HeraldException
 * }</pre>
 */
public final class Herald {

    /** A generated operation: it throws the generated client's checked exception. */
    @FunctionalInterface
    public interface ApiCall<T> {
        T call() throws ApiException;
    }

    private final ApiClient client;
    private final Posts posts;

    private Herald(ApiClient client) {
        this.client = client;
        this.posts = new Posts(this);
    }

    /**
     * @param baseUrl the gateway, e.g. {@code http://localhost:8080}
     * @param apiKey {@code hk_live_…} or {@code hk_test_…}
     */
    public static Builder builder(String baseUrl, String apiKey) {
        return new Builder(baseUrl, apiKey);
    }

    /** A fresh Idempotency-Key (a random UUID): make one per logical create and reuse it on each retry of it. */
    public static String newIdempotencyKey() {
        return UUID.randomUUID().toString();
    }

    public Posts posts() {
        return posts;
    }

    /** A generated API class on this client, e.g. {@code herald.api(WebhooksApi::new)}. */
    public <A> A api(java.util.function.Function<ApiClient, A> constructor) {
        return constructor.apply(client);
    }

    /** The generated client, configured (base URL, API key, timeouts). */
    public ApiClient apiClient() {
        return client;
    }

    /** Runs a generated operation; Herald's refusal (or no answer) is thrown as {@link HeraldException}. */
    public <T> T call(ApiCall<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw HeraldException.from(e);
        }
    }

    /** How to reach Herald. */
    public static final class Builder {

        private final String baseUrl;
        private final String apiKey;
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder(String baseUrl, String apiKey) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "");
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        }

        /** How long a response may take (30 s by default; creating a post that imports media waits up to 60 s). */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Herald build() {
            ApiClient client = new ApiClient();
            client.updateBaseUri(baseUrl);
            client.setReadTimeout(readTimeout);
            client.setHttpClientBuilder(HttpClient.newBuilder().connectTimeout(connectTimeout));
            String authorization = "Bearer " + apiKey;
            client.setRequestInterceptor(request -> request.header("Authorization", authorization));
            return new Herald(client);
        }
    }
}
