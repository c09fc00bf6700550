package dev.herald.publisher.connector.x;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubHttp;

/**
 * X's OAuth 2.0 and users endpoints as documented, for the connect-flow tests: the consent page
 * (https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code), the token endpoint with
 * PKCE and refresh (https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token) and
 * {@code GET /2/users/me} (https://docs.x.com/x-api/users/user-lookup-me). It checks what X checks — the client's
 * Basic credentials, the redirect URI, the S256 verifier, single-use codes, known refresh tokens (rotated on use) —
 * and answers X's shapes, errors included. Users are set up by the test; the consent page approves at once.
 *
 * <p>Posting follows {@code POST /2/tweets} (https://docs.x.com/x-api/posts/create-post): a JSON body with
 * {@code text} and optional {@code reply.in_reply_to_tweet_id} (which must exist), 201 {@code {data: {id, text,
 * edit_history_tweet_ids}}}; duplicate text is 403 "duplicate content"; past the per-user limit (100 per 15 minutes)
 * 429 with {@code x-rate-limit-limit/remaining/reset} and no Retry-After. {@code GET /2/users/:id/tweets} lists the
 * user's posts newest first (https://docs.x.com/x-api/users/get-posts), with X's t.co rewriting of links. Media:
 * {@link XMediaStub}; a post's {@code media.media_ids} must be that user's processed uploads.
 *
 * <p>Metrics (https://developer.x.com/en/docs/x-api/metrics): {@code GET /2/tweets/:id} with {@code tweet.fields}
 * (or the 2.167 document's {@code post.fields}) {@code public_metrics} and {@code non_public_metrics} answers
 * {@code {data: {id, text, public_metrics: {retweet_count, reply_count, like_count, quote_count, bookmark_count,
 * impression_count}, non_public_metrics: {impression_count, url_link_clicks, user_profile_clicks}}}} — non-public
 * metrics only to the post's author — and a post it cannot find 200 with a {@code resource-not-found} problem in
 * {@code errors}; reads past the user's window are 429 with {@code x-rate-limit-reset}. {@code GET /2/users/me} adds
 * {@code public_metrics} (followers_count, following_count, tweet_count, listed_count, like_count) when
 * {@code user.fields} asks for them.
 */
public class XApiStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "herald-test-client";
    static final String CLIENT_SECRET = "herald-test-secret";

    /** A user the stub's consent page signs in next, and how the stub treats their tokens. */
    public static final class User {
        final String id = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000_000L);
        final String username;
        /** Lifetime of the token the code buys, and of refreshed ones. */
        volatile long firstExpiresIn = 7200;

        volatile long refreshedExpiresIn = 7200;
        /** Whether tokens come with a refresh token (the app asked offline.access and X granted it). */
        volatile boolean offline = true;

        volatile boolean deny;
        /** The refresh token was revoked: X answers 400 invalid_request. */
        volatile boolean refreshRevoked;
        /** X's token endpoint is down for this user's refreshes: 503. */
        volatile boolean refreshUnavailable;

        final AtomicInteger refreshCalls = new AtomicInteger();
        /** Posts allowed per 15-minute window. */
        volatile int postLimit = 100;

        final AtomicInteger postsInWindow = new AtomicInteger();
        /** The next n posts answer 503 without creating anything. */
        final AtomicInteger unavailableFor = new AtomicInteger();
        /** The next post is created, then its answer never comes (until the test ends). */
        volatile boolean stallNextPost;

        volatile String latestRefreshToken;

        volatile long followers;
        /** Reads ({@code GET /2/tweets/:id}) answer 429 until then (epoch seconds). */
        volatile long readsLimitedUntil;

        User(String username) {
            this.username = username;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile User next;
    private static final Map<String, Grant> CODES = new ConcurrentHashMap<>();
    private static final Map<String, User> ACCESS = new ConcurrentHashMap<>();
    private static final Map<String, User> REFRESH = new ConcurrentHashMap<>();
    /** Every post created, in order: what X would show. */
    static final List<Post> POSTS = new CopyOnWriteArrayList<>();

    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static final AtomicLong IDS = new AtomicLong(1_860_000_000_000_000_000L);

    /** The figures X shows for a post. */
    public record Counts(
            long impressions, long likes, long retweets, long quotes, long replies, long bookmarks, long linkClicks) {}

    /** Counts by post id; a post without an entry shows zeros. */
    static final Map<String, Counts> COUNTS = new ConcurrentHashMap<>();

    /** A post as X stored it. */
    public record Post(String id, User author, String text, String inReplyTo, Instant createdAt, List<String> media) {

        /** The bytes and alt text of the post's files as X received them, in order. */
        public List<byte[]> mediaBytes() {
            return media.stream().map(id -> XMediaStub.UPLOADS.get(id).bytes()).toList();
        }

        public List<String> altTexts() {
            return media.stream().map(id -> XMediaStub.UPLOADS.get(id).altText).toList();
        }
    }

    /** The user revokes Herald's access: its access tokens are refused from now on. */
    static void revoke(User user) {
        ACCESS.values().removeIf(u -> u == user);
    }

    /** The posts of {@code user} whose text is {@code text}. */
    static long count(User user, String text) {
        return POSTS.stream()
                .filter(p -> p.author() == user && p.text().equals(text))
                .count();
    }

    public static Post find(String id) {
        return POSTS.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    private record Grant(User user, String challenge, String redirectUri) {}

    private HttpServer server;

    /** How many media uploads the user initialized. */
    public static long mediaUploadsOf(User user) {
        return XMediaStub.UPLOADS.values().stream().filter(u -> u.owner == user).count();
    }

    /** How many {@code command=STATUS} reads the user's uploads had. */
    public static int mediaStatusReadsOf(User user) {
        return XMediaStub.UPLOADS.values().stream()
                .filter(u -> u.owner == user)
                .mapToInt(u -> u.statusReads.get())
                .sum();
    }

    /** The user the next consent page signs in. */
    public static User nextUser(String username) {
        User user = new User(username);
        next = user;
        return user;
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of(
                "/i/oauth2/authorize", this::authorize,
                "/2/oauth2/token", this::token,
                "/2/users/me", this::me,
                "/2/tweets", this::tweet,
                "/2/media/upload", XMediaStub::upload,
                "/2/media/metadata", XMediaStub::metadata,
                "/2/users/", this::userTweets));
        String base = StubHttp.baseUrl(server);
        Map<String, String> config = new HashMap<>();
        config.put("herald.publisher.apps.x.client-id", CLIENT_ID);
        config.put("herald.publisher.apps.x.client-secret", CLIENT_SECRET);
        config.put("herald.publisher.apps.x.authorize-url", base + "/i/oauth2/authorize");
        config.put("herald.publisher.apps.x.token-url", base + "/2/oauth2/token");
        config.put("herald.publisher.apps.x.api-base-url", base);
        // A stalled call becomes an unknown outcome within seconds.
        config.put("herald.publisher.platform-timeout", "2s");
        // No media-service runs beside the connector tests: a closed port, so fetching a post's files fails fast.
        config.put("herald.publisher.media.service-url", "http://127.0.0.1:1");
        return config;
    }

    @Override
    public void stop() {
        NEVER.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    /** The consent page: checks the request like X does, then sends the browser back with a code (or the refusal). */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        User user = next;
        if (!"code".equals(query.get("response_type"))
                || !CLIENT_ID.equals(query.get("client_id"))
                || query.get("redirect_uri") == null
                || query.get("state") == null
                || !"S256".equals(query.get("code_challenge_method"))
                || query.get("code_challenge") == null
                || !query.getOrDefault("scope", "").contains("tweet.write")
                || user == null) {
            StubHttp.send(
                    exchange,
                    400,
                    "text/html",
                    "<html>Something went wrong. You weren't able to give access to the App.");
            return;
        }
        String back = query.get("redirect_uri") + "?state=" + encode(query.get("state"));
        if (user.deny) {
            back += "&error=access_denied";
        } else {
            String code = "code-" + UUID.randomUUID();
            CODES.put(code, new Grant(user, query.get("code_challenge"), query.get("redirect_uri")));
            back += "&code=" + encode(code);
        }
        exchange.getResponseHeaders().add("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod())
                || !exchange.getRequestHeaders()
                        .getFirst("Content-Type")
                        .startsWith("application/x-www-form-urlencoded")) {
            error(exchange, 400, "invalid_request", "Missing required parameter [grant_type].");
            return;
        }
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            error(exchange, 401, "unauthorized_client", "Missing valid authorization header");
            return;
        }
        Map<String, String> form =
                StubHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> {
                Grant grant = CODES.remove(form.getOrDefault("code", ""));
                if (grant == null
                        || !grant.redirectUri().equals(form.get("redirect_uri"))
                        || !grant.challenge().equals(StubHttp.s256(form.getOrDefault("code_verifier", "")))) {
                    error(exchange, 400, "invalid_request", "Value passed for the authorization code was invalid.");
                    return;
                }
                issue(exchange, grant.user(), grant.user().firstExpiresIn);
            }
            case "refresh_token" -> {
                User user = REFRESH.get(form.getOrDefault("refresh_token", ""));
                if (user != null) {
                    user.refreshCalls.incrementAndGet();
                }
                if (user != null && user.refreshUnavailable) {
                    StubHttp.send(
                            exchange,
                            503,
                            "application/json",
                            "{\"title\":\"Service Unavailable\",\"detail\":\"Service Unavailable\",\"type\":\"about:blank\",\"status\":503}");
                    return;
                }
                if (user == null || user.refreshRevoked) {
                    error(exchange, 400, "invalid_request", "Value passed for the token was invalid.");
                    return;
                }
                // X rotates refresh tokens: the one just used is spent.
                REFRESH.remove(form.get("refresh_token"));
                issue(exchange, user, user.refreshedExpiresIn);
            }
            default -> error(exchange, 400, "invalid_request", "Missing required parameter [grant_type].");
        }
    }

    private void issue(HttpExchange exchange, User user, long expiresIn) throws IOException {
        String access = "xat-" + UUID.randomUUID();
        ACCESS.put(access, user);
        String scope = "tweet.read tweet.write users.read media.write" + (user.offline ? " offline.access" : "");
        String body = "{\"token_type\":\"bearer\",\"expires_in\":" + expiresIn + ",\"access_token\":\"" + access
                + "\",\"scope\":\"" + scope + "\"";
        if (user.offline) {
            String refresh = "xrt-" + UUID.randomUUID();
            REFRESH.put(refresh, user);
            user.latestRefreshToken = refresh;
            body += ",\"refresh_token\":\"" + refresh + "\"";
        }
        StubHttp.send(exchange, 200, "application/json", body + "}");
    }

    private void me(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        User user = auth == null ? null : ACCESS.get(auth.replace("Bearer ", ""));
        if (user == null) {
            StubHttp.send(
                    exchange,
                    401,
                    "application/problem+json",
                    "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}");
            return;
        }
        var data = JSON.createObjectNode()
                .put("id", user.id)
                .put("name", user.username + " (display)")
                .put("username", user.username)
                .put("profile_image_url", "https://pbs.twimg.com/profile_images/" + user.id + "/normal.jpg");
        if (fields(exchange, "user.fields").contains("public_metrics")) {
            data.putObject("public_metrics")
                    .put("followers_count", user.followers)
                    .put("following_count", 42)
                    .put(
                            "tweet_count",
                            POSTS.stream().filter(p -> p.author() == user).count())
                    .put("listed_count", 1)
                    .put("like_count", 7);
        }
        StubHttp.send(
                exchange,
                200,
                "application/json",
                JSON.createObjectNode().set("data", data).toString());
    }

    /** The comma-separated values of a query parameter. */
    private static List<String> fields(HttpExchange exchange, String name) {
        String value = StubHttp.form(exchange.getRequestURI().getRawQuery()).get(name);
        return value == null ? List.of() : List.of(value.split(","));
    }

    /** {@code GET /2/tweets/:id}: the post with the metrics its fields ask for. */
    private void lookup(HttpExchange exchange, User user) throws IOException {
        long now = Instant.now().getEpochSecond();
        exchange.getResponseHeaders().add("x-rate-limit-limit", "900");
        if (user.readsLimitedUntil > now) {
            exchange.getResponseHeaders().add("x-rate-limit-remaining", "0");
            exchange.getResponseHeaders().add("x-rate-limit-reset", Long.toString(user.readsLimitedUntil));
            tooManyRequests(exchange);
            return;
        }
        exchange.getResponseHeaders().add("x-rate-limit-remaining", "899");
        exchange.getResponseHeaders().add("x-rate-limit-reset", Long.toString(now + 900));
        String id = exchange.getRequestURI().getPath().substring("/2/tweets/".length());
        Post post = find(id);
        if (post == null) {
            var answer = JSON.createObjectNode();
            answer.putArray("errors")
                    .addObject()
                    .put("value", id)
                    .put("detail", "Could not find tweet with id: [" + id + "].")
                    .put("title", "Not Found Error")
                    .put("resource_type", "tweet")
                    .put("parameter", "id")
                    .put("resource_id", id)
                    .put("type", "https://api.twitter.com/2/problems/resource-not-found");
            StubHttp.send(exchange, 200, "application/json", answer.toString());
            return;
        }
        List<String> fields = new ArrayList<>(fields(exchange, "tweet.fields"));
        fields.addAll(fields(exchange, "post.fields"));
        Counts counts = COUNTS.getOrDefault(id, new Counts(0, 0, 0, 0, 0, 0, 0));
        var data = JSON.createObjectNode().put("id", post.id()).put("text", post.text());
        data.putArray("edit_history_tweet_ids").add(post.id());
        if (fields.contains("public_metrics")) {
            data.putObject("public_metrics")
                    .put("retweet_count", counts.retweets())
                    .put("reply_count", counts.replies())
                    .put("like_count", counts.likes())
                    .put("quote_count", counts.quotes())
                    .put("bookmark_count", counts.bookmarks())
                    .put("impression_count", counts.impressions());
        }
        if (fields.contains("non_public_metrics")) {
            if (post.author() != user) {
                StubHttp.send(
                        exchange,
                        200,
                        "application/json",
                        "{\"errors\":[{\"title\":\"Authorization Error\",\"type\":"
                                + "\"https://api.twitter.com/2/problems/not-authorized-for-field\"}]}");
                return;
            }
            data.putObject("non_public_metrics")
                    .put("impression_count", counts.impressions())
                    .put("url_link_clicks", counts.linkClicks())
                    .put("user_profile_clicks", 0);
        }
        StubHttp.send(
                exchange,
                200,
                "application/json",
                JSON.createObjectNode().set("data", data).toString());
    }

    private void tweet(HttpExchange exchange) throws IOException {
        User user = bearer(exchange);
        if (user == null) {
            unauthorized(exchange);
            return;
        }
        if ("GET".equals(exchange.getRequestMethod())
                && exchange.getRequestURI().getPath().startsWith("/2/tweets/")) {
            lookup(exchange, user);
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            body = null;
        }
        if (!"POST".equals(exchange.getRequestMethod())
                || !exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")
                || body == null
                || !body.hasNonNull("text")) {
            StubHttp.send(
                    exchange,
                    400,
                    "application/json",
                    "{\"errors\":[{\"parameters\":{},\"message\":\"Requests with bodies must have content-type of"
                            + " application/json.\"}],\"title\":\"Invalid Request\",\"detail\":\"One or more"
                            + " parameters to your request was invalid.\",\"type\":"
                            + "\"https://api.twitter.com/2/problems/invalid-request\"}");
            return;
        }
        if (user.unavailableFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            StubHttp.send(
                    exchange,
                    503,
                    "application/problem+json",
                    "{\"title\":\"Service Unavailable\",\"detail\":\"Service Unavailable\",\"type\":\"about:blank\","
                            + "\"status\":503}");
            return;
        }
        long reset = Instant.now().plusSeconds(2).getEpochSecond();
        int used = user.postsInWindow.incrementAndGet();
        exchange.getResponseHeaders().add("x-rate-limit-limit", Integer.toString(user.postLimit));
        exchange.getResponseHeaders()
                .add("x-rate-limit-remaining", Integer.toString(Math.max(0, user.postLimit - used)));
        exchange.getResponseHeaders().add("x-rate-limit-reset", Long.toString(reset));
        if (used > user.postLimit) {
            tooManyRequests(exchange);
            return;
        }
        String text = body.get("text").asText();
        String replyTo = body.path("reply").path("in_reply_to_tweet_id").asText(null);
        if (replyTo != null && find(replyTo) == null) {
            StubHttp.send(
                    exchange,
                    400,
                    "application/json",
                    "{\"errors\":[{\"message\":\"The post you are replying to has been deleted or is not visible"
                            + " to you.\"}],\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to"
                            + " your request was invalid.\",\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}");
            return;
        }
        String mediaProblem = XMediaStub.problem(body.path("media").path("media_ids"), user);
        if (mediaProblem != null) {
            StubHttp.send(
                    exchange,
                    400,
                    "application/json",
                    "{\"errors\":[{\"message\":\"" + mediaProblem
                            + "\"}],\"title\":\"Invalid Request\",\"detail\":\"One"
                            + " or more parameters to your request was invalid.\",\"type\":"
                            + "\"https://api.twitter.com/2/problems/invalid-request\"}");
            return;
        }
        if (count(user, text) > 0) {
            StubHttp.send(
                    exchange,
                    403,
                    "application/problem+json",
                    "{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\",\"type\":"
                            + "\"about:blank\",\"title\":\"Forbidden\",\"status\":403}");
            return;
        }
        String id = Long.toString(IDS.incrementAndGet());
        List<String> media = new ArrayList<>();
        body.path("media").path("media_ids").forEach(m -> media.add(m.asText()));
        POSTS.add(new Post(id, user, text, replyTo, Instant.now(), List.copyOf(media)));
        if (user.stallNextPost) {
            user.stallNextPost = false;
            try {
                // Created, but the answer never leaves: the client times out not knowing.
                NEVER.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        StubHttp.send(
                exchange,
                201,
                "application/json",
                "{\"data\":{\"id\":\"" + id + "\",\"text\":" + JSON.writeValueAsString(text)
                        + ",\"edit_history_tweet_ids\":[\"" + id + "\"]}}");
    }

    /** {@code GET /2/users/:id/tweets}: newest first; links come back as t.co, as X shows them. */
    private void userTweets(HttpExchange exchange) throws IOException {
        User user = bearer(exchange);
        String[] path = exchange.getRequestURI().getPath().split("/");
        if (user == null) {
            unauthorized(exchange);
            return;
        }
        if (path.length != 5 || !"tweets".equals(path[4]) || !user.id.equals(path[3])) {
            StubHttp.send(exchange, 404, "application/problem+json", "{\"title\":\"Not Found\",\"status\":404}");
            return;
        }
        var data = JSON.createArrayNode();
        for (int i = POSTS.size() - 1; i >= 0; i--) {
            Post post = POSTS.get(i);
            if (post.author() == user) {
                data.addObject()
                        .put("id", post.id())
                        .put("text", post.text().replaceAll("https?://\\S+", "https://t.co/AbCdEf1234"))
                        .put("created_at", post.createdAt().toString());
            }
        }
        StubHttp.send(
                exchange,
                200,
                "application/json",
                JSON.createObjectNode().set("data", data).toString());
    }

    /** X's 429 problem object (no Retry-After: the wait is in {@code x-rate-limit-reset}). */
    private static void tooManyRequests(HttpExchange exchange) throws IOException {
        StubHttp.send(
                exchange,
                429,
                "application/problem+json",
                "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\","
                        + "\"status\":429}");
    }

    static User bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth == null ? null : ACCESS.get(auth.replace("Bearer ", ""));
    }

    static void unauthorized(HttpExchange exchange) throws IOException {
        StubHttp.send(
                exchange,
                401,
                "application/problem+json",
                "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}");
    }

    private static void error(HttpExchange exchange, int status, String error, String description) throws IOException {
        StubHttp.send(
                exchange,
                status,
                "application/json",
                "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
