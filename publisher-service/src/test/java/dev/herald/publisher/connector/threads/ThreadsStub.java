package dev.herald.publisher.connector.threads;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubHttp;

/**
 * Threads as documented, for the connector tests: the consent page and token exchanges
 * (https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions: code → short-lived
 * token → {@code th_exchange_token} → long-lived, {@code th_refresh_token}), {@code /me}, and two-step publishing
 * (https://developers.facebook.com/docs/threads/posts): containers, {@code threads_publish} (a container publishes
 * once; again is an error), container status (https://developers.facebook.com/docs/threads/troubleshooting),
 * permalinks and the user's threads. Graph errors: {@code {"error": {message, type, code, fbtrace_id}}}. Media
 * (https://developers.facebook.com/docs/threads/posts#step-1--create-a-threads-media-container): {@code IMAGE} and
 * {@code VIDEO} containers name a public {@code image_url} / {@code video_url} that Threads fetches (the stub fetches
 * it too, and keeps the bytes); a video is {@code IN_PROGRESS} a moment before {@code FINISHED}, and publishing a
 * container that is not finished is an error; a {@code CAROUSEL} (https://developers.facebook.com/docs/threads/posts#carousel-posts)
 * takes 2 to 20 finished {@code is_carousel_item} containers as {@code children}. Insights
 * (https://developers.facebook.com/docs/threads/insights): {@code GET /{media-id}/insights?metric=…} answers
 * {@code {data: [{name, period: "lifetime", values: [{value}], title, description, id}]}} for the metrics asked
 * (views, likes, replies, reposts, quotes, shares) of the profile's own posts; {@code GET /{user-id}/threads_insights
 * ?metric=followers_count} a {@code total_value}; both need {@code threads_manage_insights} granted at consent (else
 * error 10); an unknown media id is error 100 "does not exist"; a throttled profile's reads are error 4.
 */
public class ThreadsStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "th-client";
    static final String CLIENT_SECRET = "th-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A profile signing in next, and how Threads treats it. */
    public static final class Profile {
        final String id = Long.toString(25_000_000_000L + COUNTER.incrementAndGet());
        final String username;
        /** The next publish call publishes, then its answer never comes. */
        volatile boolean stallNextPublish;

        volatile boolean throttled;
        /** Insights reads answer error 4 (application request limit). */
        volatile boolean readsThrottled;

        volatile long followers;
        /** Whether the user granted {@code threads_manage_insights} on the consent page. */
        volatile boolean insightsGranted;
        /** Status reads of each of this profile's containers that say {@code IN_PROGRESS} before it is finished. */
        public volatile int processingReads;

        Profile(String username) {
            this.username = username;
        }
    }

    /** A container and, once published, its post id. */
    public static final class Container {
        final String id;
        final Profile owner;
        final String text;
        final String replyTo;
        volatile String publishedId;
        /** TEXT, IMAGE, VIDEO or CAROUSEL. */
        public final String mediaType;
        /** The fetched file of an IMAGE or VIDEO container. */
        public final byte[] bytes;

        public final String contentType;
        /** A carousel's items, in order. */
        public final List<Container> children;

        final boolean carouselItem;
        final Instant readyAt;
        /** Status reads so far. */
        public final AtomicInteger reads = new AtomicInteger();

        Container(String id, Profile owner, String text, String replyTo) {
            this(id, owner, text, replyTo, "TEXT", null, null, List.of(), false, Instant.now());
        }

        Container(
                String id,
                Profile owner,
                String text,
                String replyTo,
                String mediaType,
                byte[] bytes,
                String contentType,
                List<Container> children,
                boolean carouselItem,
                Instant readyAt) {
            this.id = id;
            this.owner = owner;
            this.text = text;
            this.replyTo = replyTo;
            this.mediaType = mediaType;
            this.bytes = bytes;
            this.contentType = contentType;
            this.children = children;
            this.carouselItem = carouselItem;
            this.readyAt = readyAt;
        }

        boolean finished() {
            return !Instant.now().isBefore(readyAt) && reads.get() >= owner.processingReads;
        }

        /** Whether a status read finds it finished; the read counts. */
        boolean finishedOnRead() {
            boolean finished = finished();
            reads.incrementAndGet();
            return finished;
        }

        /** The container a published post came from. */
        public static Container ofPost(String postId) {
            return CONTAINERS.stream()
                    .filter(c -> postId.equals(c.publishedId))
                    .findFirst()
                    .orElse(null);
        }
    }

    public static final List<Container> CONTAINERS = new CopyOnWriteArrayList<>();
    /** Insight values by post id and metric name; a metric without an entry is 0. */
    static final Map<String, Map<String, Long>> INSIGHTS = new ConcurrentHashMap<>();

    static final AtomicInteger PUBLISH_CALLS = new AtomicInteger();
    static final AtomicLong COUNTER = new AtomicLong();
    private static final Map<String, Profile> CODES = new ConcurrentHashMap<>();
    private static final Map<String, Profile> SHORT = new ConcurrentHashMap<>();
    private static final Map<String, Profile> LONG = new ConcurrentHashMap<>();
    static final CountDownLatch NEVER = new CountDownLatch(1);
    private static volatile Profile next;

    private HttpServer server;

    public static Profile nextProfile(String username) {
        Profile profile = new Profile(username);
        next = profile;
        return profile;
    }

    /** Posts (published containers) of a profile with this text. */
    static long published(Profile profile, String text) {
        return CONTAINERS.stream()
                .filter(c -> c.owner == profile && c.text.equals(text) && c.publishedId != null)
                .count();
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of(
                "/oauth/authorize", this::authorize,
                "/", this::graph));
        String base = StubHttp.baseUrl(server);
        return Map.of(
                "herald.publisher.apps.threads.client-id",
                CLIENT_ID,
                "herald.publisher.apps.threads.client-secret",
                CLIENT_SECRET,
                "herald.publisher.apps.threads.authorize-url",
                base + "/oauth/authorize",
                "herald.publisher.apps.threads.api-base-url",
                base,
                "herald.publisher.platform-timeout",
                "2s",
                // No media-service runs beside the connector tests: a closed port, so fetching files fails fast.
                "herald.publisher.media.service-url",
                "http://127.0.0.1:1");
    }

    @Override
    public void stop() {
        NEVER.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id"))
                || !query.getOrDefault("scope", "").contains("threads_content_publish")
                || next == null) {
            error(exchange, 400, 100, "Invalid parameter");
            return;
        }
        String code = "thcode-" + UUID.randomUUID();
        next.insightsGranted = query.get("scope").contains("threads_manage_insights");
        CODES.put(code, next);
        StubHttp.redirectWithCode(exchange, query.get("redirect_uri"), code, query.get("state"));
    }

    private void graph(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> q = StubHttp.form(exchange.getRequestURI().getRawQuery());
        if (path.equals("/oauth/access_token")) {
            Profile profile = CODES.remove(q.getOrDefault("code", ""));
            if (!CLIENT_SECRET.equals(q.get("client_secret")) || profile == null) {
                error(exchange, 400, 100, "Invalid verification code format.");
                return;
            }
            String token = "THshort-" + UUID.randomUUID();
            SHORT.put(token, profile);
            ok(exchange, JSON.createObjectNode().put("access_token", token).put("user_id", profile.id));
            return;
        }
        if (path.equals("/access_token")) {
            Profile profile = SHORT.get(q.getOrDefault("access_token", ""));
            if (!"th_exchange_token".equals(q.get("grant_type")) || profile == null) {
                error(exchange, 400, 190, "Invalid OAuth access token - Cannot parse access token");
                return;
            }
            longLived(exchange, profile);
            return;
        }
        if (path.equals("/refresh_access_token")) {
            Profile profile = LONG.get(q.getOrDefault("access_token", ""));
            if (profile == null) {
                error(exchange, 400, 190, "Invalid OAuth access token - Cannot parse access token");
                return;
            }
            longLived(exchange, profile);
            return;
        }
        Profile profile = LONG.get(q.getOrDefault("access_token", ""));
        if (profile == null) {
            error(exchange, 400, 190, "Error validating access token: Session has expired");
            return;
        }
        String[] parts = path.split("/"); // "", "v1.0", id, edge?
        if (parts.length < 3 || !"v1.0".equals(parts[1])) {
            error(exchange, 400, 2500, "Unknown path components: " + path);
            return;
        }
        String id = parts[2];
        String edge = parts.length > 3 ? parts[3] : "";
        if (id.equals("me") || (id.equals(profile.id) && edge.isEmpty())) {
            ok(
                    exchange,
                    JSON.createObjectNode()
                            .put("id", profile.id)
                            .put("username", profile.username)
                            .put("name", profile.username + " (display)")
                            .put("threads_profile_picture_url", "https://scontent.cdninstagram.com/" + profile.id));
        } else if (edge.equals("threads") && "POST".equals(exchange.getRequestMethod())) {
            ThreadsContainerStub.create(exchange, profile, q);
        } else if (edge.equals("insights") || edge.equals("threads_insights")) {
            insights(exchange, profile, id, edge, q);
        } else if (edge.equals("threads_publish")) {
            ThreadsContainerStub.publish(exchange, profile, q);
        } else if (edge.equals("threads")) {
            ObjectNode list = JSON.createObjectNode();
            var data = list.putArray("data");
            for (int i = CONTAINERS.size() - 1; i >= 0; i--) {
                Container c = CONTAINERS.get(i);
                if (c.owner == profile && c.publishedId != null) {
                    data.addObject().put("id", c.publishedId).put("text", c.text);
                }
            }
            ok(exchange, list);
        } else {
            ThreadsContainerStub.read(exchange, id);
        }
    }

    private void insights(HttpExchange exchange, Profile profile, String id, String edge, Map<String, String> q)
            throws IOException {
        if (profile.readsThrottled) {
            error(exchange, 400, 4, "Application request limit reached");
            return;
        }
        if (!profile.insightsGranted) {
            error(exchange, 403, 10, "Application does not have permission for this action");
            return;
        }
        String metrics = q.get("metric");
        if (metrics == null || metrics.isBlank()) {
            error(exchange, 400, 100, "(#100) The parameter metric is required");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        var data = answer.putArray("data");
        if (edge.equals("threads_insights")) {
            if (!id.equals(profile.id)) {
                error(exchange, 400, 10, "Application does not have permission for this action");
                return;
            }
            for (String name : metrics.split(",")) {
                if (!name.equals("followers_count")) {
                    continue;
                }
                ObjectNode metric = data.addObject().put("name", name).put("period", "day");
                metric.putObject("total_value").put("value", profile.followers);
                metric.put("title", "followers_count")
                        .put("description", "The number of followers.")
                        .put("id", id + "/insights/" + name + "/day");
            }
            ok(exchange, answer);
            return;
        }
        Container container = Container.ofPost(id);
        if (container == null || container.owner != profile) {
            error(exchange, 400, 100, "Object with ID '" + id + "' does not exist");
            return;
        }
        Map<String, Long> values = INSIGHTS.getOrDefault(id, Map.of());
        for (String name : metrics.split(",")) {
            if (!List.of("views", "likes", "replies", "reposts", "quotes", "shares")
                    .contains(name)) {
                error(
                        exchange,
                        400,
                        100,
                        "(#100) metric[0] must be one of the following values: views, likes,"
                                + " replies, reposts, quotes, shares");
                return;
            }
            ObjectNode metric = data.addObject().put("name", name).put("period", "lifetime");
            metric.putArray("values").addObject().put("value", values.getOrDefault(name, 0L));
            metric.put("title", name)
                    .put("description", "The number of " + name + " of your post.")
                    .put("id", id + "/insights/" + name + "/lifetime");
        }
        ok(exchange, answer);
    }

    private static void longLived(HttpExchange exchange, Profile profile) throws IOException {
        String token = "THlong-" + UUID.randomUUID();
        LONG.put(token, profile);
        ok(
                exchange,
                JSON.createObjectNode()
                        .put("access_token", token)
                        .put("token_type", "bearer")
                        .put("expires_in", 5_183_944));
    }

    static void ok(HttpExchange exchange, ObjectNode body) throws IOException {
        StubHttp.send(exchange, 200, "application/json", body.toString());
    }

    static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", code == 190 ? "OAuthException" : "THApiException")
                .put("code", code)
                .put("fbtrace_id", "A" + UUID.randomUUID().toString().substring(0, 10));
        StubHttp.send(exchange, status, "application/json", body.toString());
    }
}
