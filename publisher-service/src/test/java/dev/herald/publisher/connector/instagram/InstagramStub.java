package dev.herald.publisher.connector.instagram;

import java.io.IOException;
import java.util.ArrayList;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubHttp;
import dev.herald.publisher.connector.facebook.MetaStubs;

/**
 * The Instagram API with Instagram Login as documented, for the connector tests and the system tests: Business Login
 * (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login: the
 * consent page, {@code POST api.instagram.com/oauth/access_token} → short-lived token, {@code GET /access_token?
 * grant_type=ig_exchange_token} → 60-day token, {@code GET /refresh_access_token?grant_type=ig_refresh_token}),
 * {@code /me} with {@code user_id}, and content publishing (https://developers.facebook.com/docs/instagram-platform/
 * content-publishing): containers ({@code image_url} fetched at once; {@code REELS} with {@code video_url}, processed
 * — {@code IN_PROGRESS} on the first status read, then {@code FINISHED}; {@code CAROUSEL} of {@code is_carousel_item}
 * children), {@code media_publish} (a container publishes once; again is an error), container {@code status_code},
 * {@code content_publishing_limit} (https://developers.facebook.com/docs/instagram-platform/reference/ig-user/
 * content_publishing_limit), comments and {@code permalink}. Errors are Graph errors ({@code {"error": {message, type,
 * code, error_subcode, fbtrace_id}}}, https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/
 * reference/error-codes): 190 bad token, 9004/2207052 a media URL Instagram could not fetch, 9004 an image that is
 * not a JPEG (the only image format Instagram takes), 9/2207042 the publishing
 * limit reached. Metrics: a published media read with {@code fields} answers {@code like_count} and
 * {@code comments_count} (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media), the
 * account {@code followers_count} and {@code media_count}; an unknown id is 100/33 "does not exist"; a user whose
 * reads are throttled gets code 4 with {@code X-Business-Use-Case-Usage} ({@code estimated_time_to_regain_access}).
 */
public class InstagramStub implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "ig-app";
    public static final String CLIENT_SECRET = "ig-secret";
    static final String VERSION = "/v25.0";
    private static final ObjectMapper JSON = MetaStubs.JSON;

    /** A professional account logging in next, and how Instagram treats it. */
    public static final class User {
        public final String id = Long.toString(17_841_400_000_000_000L + COUNTER.incrementAndGet());
        public final String username;
        /** Posts published in the last 24 hours, as the publishing limit counts them. */
        public final AtomicInteger publishedToday = new AtomicInteger();
        /** The next publish call publishes, then its answer never comes. */
        public volatile boolean stallNextPublish;

        public volatile long followers;
        /** Reads are throttled (code 4) for this many minutes; 0: not throttled. */
        public volatile int readsThrottledMinutes;

        User(String username) {
            this.username = username;
        }
    }

    /** A file Instagram fetched from the URL it was given. */
    public record Fetched(String url, byte[] bytes, String contentType) {}

    /** A media container and, once published, its media id. */
    public static final class Container {
        public final String id = Long.toString(18_000_000_000_000_000L + COUNTER.incrementAndGet());
        public final User owner;
        public final String mediaType;
        public final String caption;
        public final String altText;
        public final Fetched file;
        public final List<Container> children;
        final AtomicInteger statusReads = new AtomicInteger();
        public volatile String publishedId;
        public volatile long likes;

        Container(
                User owner, String mediaType, String caption, String altText, Fetched file, List<Container> children) {
            this.owner = owner;
            this.mediaType = mediaType;
            this.caption = caption;
            this.altText = altText;
            this.file = file;
            this.children = children;
        }
    }

    public static final int QUOTA_TOTAL = 100;
    public static final List<Container> CONTAINERS = new CopyOnWriteArrayList<>();
    public static final Map<String, List<String>> COMMENTS = new ConcurrentHashMap<>();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Map<String, User> CODES = new ConcurrentHashMap<>();
    private static final Map<String, User> SHORT = new ConcurrentHashMap<>();
    private static final Map<String, User> LONG = new ConcurrentHashMap<>();
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static volatile User next;

    /** Where the stub listens, once started. */
    public static volatile String base;

    private HttpServer server;

    public static User nextUser(String username) {
        User user = new User(username);
        next = user;
        return user;
    }

    /** The published container whose media has this id. */
    public static Container published(String mediaId) {
        return CONTAINERS.stream()
                .filter(c -> mediaId.equals(c.publishedId))
                .findFirst()
                .orElseThrow();
    }

    /** A media the user published on Instagram (outside Herald): a finished, published image container. */
    public static Container publishedMedia(User user, String caption) {
        Container container = new Container(user, "IMAGE", caption, null, null, List.of());
        container.publishedId = Long.toString(17_900_000_000_000_000L + COUNTER.incrementAndGet());
        CONTAINERS.add(container);
        return container;
    }

    public static long published(User user, String caption) {
        return CONTAINERS.stream()
                .filter(c -> c.owner == user && caption.equals(c.caption) && c.publishedId != null)
                .count();
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of("/oauth/authorize", this::authorize, "/", this::graph));
        base = StubHttp.baseUrl(server);
        return Map.of(
                "herald.publisher.apps.instagram.client-id",
                CLIENT_ID,
                "herald.publisher.apps.instagram.client-secret",
                CLIENT_SECRET,
                "herald.publisher.apps.instagram.authorize-url",
                base + "/oauth/authorize",
                "herald.publisher.apps.instagram.token-url",
                base + "/oauth/access_token",
                "herald.publisher.apps.instagram.api-base-url",
                base,
                "herald.publisher.platform-timeout",
                "2s");
    }

    @Override
    public void stop() {
        NEVER.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = StubHttp.form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id"))
                || !List.of(q.getOrDefault("scope", "").split(",")).contains("instagram_business_content_publish")
                || !"code".equals(q.get("response_type"))
                || next == null) {
            error(exchange, 400, 100, 0, "Invalid parameter");
            return;
        }
        String code = "AQB" + UUID.randomUUID();
        CODES.put(code, next);
        StubHttp.redirectWithCode(exchange, q.get("redirect_uri"), code, q.get("state"));
    }

    private void graph(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> p = params(exchange);
        switch (path) {
            case "/oauth/access_token" -> {
                User user = CODES.remove(p.getOrDefault("code", ""));
                if (!"POST".equals(exchange.getRequestMethod())
                        || !CLIENT_SECRET.equals(p.get("client_secret"))
                        || !"authorization_code".equals(p.get("grant_type"))
                        || user == null) {
                    error(exchange, 400, 100, 0, "Invalid authorization code");
                    return;
                }
                String token = "IGQShort-" + UUID.randomUUID();
                SHORT.put(token, user);
                ObjectNode answer = JSON.createObjectNode();
                answer.putArray("data")
                        .addObject()
                        .put("access_token", token)
                        .put("user_id", user.id)
                        .put("permissions", "instagram_business_basic,instagram_business_content_publish");
                ok(exchange, answer);
                return;
            }
            case "/access_token" -> {
                User user = SHORT.get(p.getOrDefault("access_token", ""));
                if (!"ig_exchange_token".equals(p.get("grant_type"))
                        || !CLIENT_SECRET.equals(p.get("client_secret"))
                        || user == null) {
                    error(exchange, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
                    return;
                }
                longLived(exchange, user);
                return;
            }
            case "/refresh_access_token" -> {
                User user = LONG.get(p.getOrDefault("access_token", ""));
                if (!"ig_refresh_token".equals(p.get("grant_type")) || user == null) {
                    error(exchange, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
                    return;
                }
                longLived(exchange, user);
                return;
            }
            default -> {
                // the API below
            }
        }
        User user = LONG.get(p.getOrDefault("access_token", ""));
        if (user == null) {
            error(exchange, 400, 190, 0, "Error validating access token: Session has expired");
            return;
        }
        if (!path.startsWith(VERSION + "/")) {
            error(exchange, 400, 2500, 0, "Unknown path components: " + path);
            return;
        }
        String[] parts = path.substring(VERSION.length()).split("/"); // "", id, edge?
        String id = parts.length > 1 ? parts[1] : "";
        String edge = parts.length > 2 ? parts[2] : "";
        boolean post = "POST".equals(exchange.getRequestMethod());
        if (id.equals("me")) {
            ok(
                    exchange,
                    JSON.createObjectNode()
                            .put("id", "app-scoped-" + user.id)
                            .put("user_id", user.id)
                            .put("username", user.username)
                            .put("name", user.username + " (display)")
                            .put("profile_picture_url", "https://scontent.cdninstagram.com/" + user.id));
            return;
        }
        if (!post && user.readsThrottledMinutes > 0) {
            exchange.getResponseHeaders()
                    .add(
                            "X-Business-Use-Case-Usage",
                            "{\"" + user.id + "\":[{\"type\":\"instagram\",\"call_count\":100,\"total_cputime\":9,"
                                    + "\"total_time\":11,\"estimated_time_to_regain_access\":"
                                    + user.readsThrottledMinutes + "}]}");
            error(exchange, 400, 4, 0, "Application request limit reached");
            return;
        }
        if (!edge.isEmpty() && !edge.equals("comments") && !id.equals(user.id)) {
            error(exchange, 403, 10, 0, "Application does not have permission for this action");
            return;
        }
        switch ((post ? "POST " : "GET ") + edge) {
            case "POST media" -> createContainer(exchange, user, p);
            case "POST media_publish" -> publish(exchange, user, p);
            case "POST comments" -> comment(exchange, id, p);
            case "GET content_publishing_limit" -> {
                ObjectNode answer = JSON.createObjectNode();
                ObjectNode limit = answer.putArray("data").addObject().put("quota_usage", user.publishedToday.get());
                limit.putObject("config").put("quota_total", QUOTA_TOTAL).put("quota_duration", 86_400);
                ok(exchange, answer);
            }
            case "GET media" -> {
                ObjectNode answer = JSON.createObjectNode();
                var data = answer.putArray("data");
                for (int i = CONTAINERS.size() - 1; i >= 0; i--) {
                    Container c = CONTAINERS.get(i);
                    if (c.owner == user && c.publishedId != null) {
                        data.addObject().put("id", c.publishedId).put("caption", c.caption);
                    }
                }
                ok(exchange, answer);
            }
            case "GET " -> read(exchange, user, id, p.getOrDefault("fields", ""));
            default ->
                error(
                        exchange,
                        400,
                        100,
                        33,
                        "Unsupported request - method type: "
                                + exchange.getRequestMethod().toLowerCase());
        }
    }

    private void createContainer(HttpExchange exchange, User user, Map<String, String> p) throws IOException {
        String type = p.getOrDefault("media_type", "IMAGE");
        String caption = p.get("caption");
        if (caption != null && caption.codePointCount(0, caption.length()) > 2200) {
            error(exchange, 400, 100, 2207010, "The caption is too long");
            return;
        }
        boolean item = "true".equals(p.get("is_carousel_item"));
        if (type.equals("CAROUSEL")) {
            List<Container> children = new ArrayList<>();
            for (String child : p.getOrDefault("children", "").split(",")) {
                CONTAINERS.stream()
                        .filter(c -> c.id.equals(child) && c.owner == user)
                        .findFirst()
                        .ifPresent(children::add);
            }
            if (children.size() < 2 || children.size() > 10) {
                error(exchange, 400, 100, 2207020, "A carousel takes 2 to 10 children");
                return;
            }
            created(exchange, new Container(user, type, caption, null, null, List.copyOf(children)));
            return;
        }
        String url = type.equals("IMAGE") ? p.get("image_url") : p.get("video_url");
        boolean video = type.equals("REELS") || type.equals("VIDEO") || type.equals("STORIES");
        if (url == null || (type.equals("VIDEO") && !item) || (!video && !type.equals("IMAGE"))) {
            error(
                    exchange,
                    400,
                    100,
                    0,
                    "(#100) The parameter " + (video ? "video_url" : "image_url")
                            + " is required, and media_type must be IMAGE, REELS, STORIES, CAROUSEL or VIDEO in a carousel");
            return;
        }
        Fetched file = fetch(url);
        if (file == null) {
            error(exchange, 400, 9004, 2207052, "The media could not be fetched from this URI: " + url);
            return;
        }
        if (!video && !file.contentType().startsWith("image/jpeg")) {
            error(exchange, 400, 9004, 2207083, "Only JPEG images are supported (got " + file.contentType() + ")");
            return;
        }
        created(exchange, new Container(user, type, item ? null : caption, p.get("alt_text"), file, List.of()));
    }

    private static Fetched fetch(String url) {
        return StubHttp.fetch(url)
                .map(file -> new Fetched(
                        url,
                        file.body(),
                        file.headers().firstValue("Content-Type").orElse("")))
                .orElse(null);
    }

    private static void created(HttpExchange exchange, Container container) throws IOException {
        CONTAINERS.add(container);
        ok(exchange, JSON.createObjectNode().put("id", container.id));
    }

    private void publish(HttpExchange exchange, User user, Map<String, String> p) throws IOException {
        Container container = CONTAINERS.stream()
                .filter(c -> c.id.equals(p.get("creation_id")) && c.owner == user)
                .findFirst()
                .orElse(null);
        if (container == null) {
            error(exchange, 400, 24, 2207006, "The media with id " + p.get("creation_id") + " cannot be found");
            return;
        }
        if (container.publishedId != null) {
            error(exchange, 400, 10, 2207001, "The media container has already been published");
            return;
        }
        if (!status(container).equals("FINISHED")) {
            error(exchange, 400, 9007, 2207027, "Media ID is not available: the media is not ready for publishing");
            return;
        }
        if (user.publishedToday.get() >= QUOTA_TOTAL) {
            error(
                    exchange,
                    400,
                    9,
                    2207042,
                    "Application request limit reached: the maximum number of posts"
                            + " that can be published in 24 hours has been reached");
            return;
        }
        user.publishedToday.incrementAndGet();
        container.publishedId = Long.toString(17_900_000_000_000_000L + COUNTER.incrementAndGet());
        if (user.stallNextPublish) {
            user.stallNextPublish = false;
            try {
                NEVER.await(60, TimeUnit.SECONDS); // published, but the answer never leaves
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        ok(exchange, JSON.createObjectNode().put("id", container.publishedId));
    }

    /** Videos take a moment: the first status read says IN_PROGRESS. */
    private static String status(Container container) {
        if (container.publishedId != null) {
            return "PUBLISHED";
        }
        boolean processing = container.mediaType.equals("REELS") || container.mediaType.equals("VIDEO");
        return processing && container.statusReads.get() < 2 ? "IN_PROGRESS" : "FINISHED";
    }

    private void comment(HttpExchange exchange, String mediaId, Map<String, String> p) throws IOException {
        if (CONTAINERS.stream().noneMatch(c -> mediaId.equals(c.publishedId)) || p.get("message") == null) {
            error(exchange, 400, 100, 33, "Object with ID '" + mediaId + "' does not exist");
            return;
        }
        COMMENTS.computeIfAbsent(mediaId, k -> new CopyOnWriteArrayList<>()).add(p.get("message"));
        ok(exchange, JSON.createObjectNode().put("id", Long.toString(COUNTER.incrementAndGet())));
    }

    private void read(HttpExchange exchange, User user, String id, String fields) throws IOException {
        if (id.equals(user.id)) {
            ok(
                    exchange,
                    JSON.createObjectNode()
                            .put("followers_count", user.followers)
                            .put("media_count", published(user))
                            .put("id", id));
            return;
        }
        for (Container c : CONTAINERS) {
            if (c.id.equals(id)) {
                c.statusReads.incrementAndGet();
                String status = status(c);
                ok(
                        exchange,
                        JSON.createObjectNode()
                                .put("id", c.id)
                                .put("status_code", status)
                                .put(
                                        "status",
                                        status.equals("IN_PROGRESS")
                                                ? "In Progress: Media is still being processed."
                                                : "Finished: Media has been uploaded and it is ready to be published."));
                return;
            }
            if (id.equals(c.publishedId)) {
                ObjectNode answer = JSON.createObjectNode().put("id", id);
                if (fields.isEmpty() || fields.contains("permalink")) {
                    answer.put("permalink", "https://www.instagram.com/p/C" + id + "/");
                }
                if (fields.contains("like_count")) {
                    answer.put("like_count", c.likes);
                }
                if (fields.contains("comments_count")) {
                    answer.put(
                            "comments_count",
                            COMMENTS.getOrDefault(id, List.of()).size());
                }
                ok(exchange, answer);
                return;
            }
        }
        error(exchange, 400, 100, 33, "Unsupported get request. Object with ID '" + id + "' does not exist");
    }

    private static long published(User user) {
        return CONTAINERS.stream()
                .filter(c -> c.owner == user && c.publishedId != null)
                .count();
    }

    private static void longLived(HttpExchange exchange, User user) throws IOException {
        String token = "IGAALong-" + UUID.randomUUID();
        LONG.put(token, user);
        ok(
                exchange,
                JSON.createObjectNode()
                        .put("access_token", token)
                        .put("token_type", "bearer")
                        .put("expires_in", 5_183_944));
    }

    private static Map<String, String> params(HttpExchange exchange) throws IOException {
        return MetaStubs.params(exchange);
    }

    private static void ok(HttpExchange exchange, ObjectNode body) throws IOException {
        MetaStubs.ok(exchange, body);
    }

    private static void error(HttpExchange exchange, int status, int code, int subcode, String message)
            throws IOException {
        MetaStubs.error(exchange, status, code == 190 ? "OAuthException" : "IGApiException", code, subcode, message);
    }
}
