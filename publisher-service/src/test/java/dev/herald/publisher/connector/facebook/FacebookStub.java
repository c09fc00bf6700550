package dev.herald.publisher.connector.facebook;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubHttp;

/**
 * Facebook Pages as documented, for the connector tests and the system tests: Facebook Login's dialog and code
 * exchange (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow), the long-lived token
 * exchange ({@code grant_type=fb_exchange_token}, https://developers.facebook.com/docs/facebook-login/guides/
 * access-tokens/get-long-lived), the user's Pages with their Page tokens ({@code GET /me/accounts},
 * https://developers.facebook.com/docs/pages-api/getting-started), and publishing with a Page token
 * (https://developers.facebook.com/docs/pages-api/posts): {@code /{page-id}/feed} ({@code message}, {@code link},
 * {@code attached_media[i]}), {@code /{page-id}/photos} ({@code url} fetched by Facebook, {@code published}; answers
 * {@code {id, post_id}} or, unpublished, {@code {id}}), {@code /{page-id}/videos} ({@code file_url}), comments, the
 * Page's posts ({@code GET /{page-id}/posts?since=}) and {@code permalink_url}. Errors are Graph errors
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling): {@code {"error": {message, type, code,
 * error_subcode, fbtrace_id}}}, 190 for a bad token, 506 for a duplicate post; throttling is code 32 (Page) with HTTP
 * 400 and {@code X-Business-Use-Case-Usage} carrying {@code estimated_time_to_regain_access} in minutes
 * (https://developers.facebook.com/docs/graph-api/overview/rate-limiting). Metrics: a post read with {@code fields}
 * answers {@code reactions} and {@code comments} with {@code summary.total_count} (https://developers.facebook.com/docs/
 * graph-api/reference/post/) and {@code shares.count} — left out when nobody shared — and the Page its
 * {@code followers_count} and {@code fan_count} (https://developers.facebook.com/docs/graph-api/reference/page/); reads
 * of a Page whose reads are throttled answer code 32 with the usage header.
 */
public class FacebookStub implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "fb-app";
    public static final String CLIENT_SECRET = "fb-secret";
    static final String VERSION = "/v25.0";
    private static final ObjectMapper JSON = MetaStubs.JSON;

    /** A Page the next user to log in manages, and how Facebook treats it. */
    public static final class Page {
        public final String id = Long.toString(100_000_000_000_000L + COUNTER.incrementAndGet());
        public final String name;
        final String token = "EAAPage-" + UUID.randomUUID();
        /** Throttled (code 32) for this many minutes, announced in the usage header; 0: not throttled. */
        public volatile int throttledMinutes;
        /** The next post is created, then its answer never comes. */
        public volatile boolean stallNextPost;
        /** The Page token was invalidated (the user changed their password or removed the app). */
        public volatile boolean tokenRevoked;
        /** Reads are throttled (code 32) for this many minutes; 0: not throttled. */
        public volatile int readsThrottledMinutes;

        public volatile long followers;

        Page(String name) {
            this.name = name;
        }
    }

    /** A photo or video Facebook fetched from a URL. */
    public record Fetched(String url, byte[] bytes, String contentType, String altText, boolean published) {}

    /** A post on a Page. */
    public static final class Post {
        public final String id;
        public final Page page;
        public final String message;
        public final String link;
        public final List<Fetched> media;
        public final List<String> comments = new CopyOnWriteArrayList<>();
        final Instant created = Instant.now();
        public volatile long reactions;
        public volatile long shares;

        Post(String id, Page page, String message, String link, List<Fetched> media) {
            this.id = id;
            this.page = page;
            this.message = message;
            this.link = link;
            this.media = media;
        }
    }

    public static final List<Post> POSTS = new CopyOnWriteArrayList<>();
    private static final Map<String, Fetched> UNPUBLISHED = new ConcurrentHashMap<>();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Map<String, List<Page>> CODES = new ConcurrentHashMap<>();
    private static final Map<String, List<Page>> USER_TOKENS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> LONG_LIVED = new ConcurrentHashMap<>();
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static volatile List<Page> next = List.of();

    /** Where the stub listens, once started. */
    public static volatile String base;

    private HttpServer server;

    /** The Pages the next user to log in manages (and grants), in order. */
    public static List<Page> nextUser(String... pageNames) {
        List<Page> pages = new ArrayList<>();
        for (String name : pageNames) {
            pages.add(new Page(name));
        }
        next = List.copyOf(pages);
        return next;
    }

    public static Post find(String postId) {
        return POSTS.stream().filter(p -> p.id.equals(postId)).findFirst().orElseThrow();
    }

    public static long posts(Page page, String message) {
        return POSTS.stream()
                .filter(p -> p.page == page && message.equals(p.message))
                .count();
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of(VERSION + "/dialog/oauth", this::dialog, "/", this::graph));
        base = StubHttp.baseUrl(server);
        return Map.of(
                "herald.publisher.apps.facebook.client-id", CLIENT_ID,
                "herald.publisher.apps.facebook.client-secret", CLIENT_SECRET,
                "herald.publisher.apps.facebook.authorize-url", base + VERSION + "/dialog/oauth",
                "herald.publisher.apps.facebook.api-base-url", base,
                "herald.publisher.platform-timeout", "2s");
    }

    @Override
    public void stop() {
        NEVER.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private void dialog(HttpExchange exchange) throws IOException {
        Map<String, String> q = StubHttp.form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id")) || q.get("redirect_uri") == null || q.get("state") == null) {
            error(exchange, 400, 100, 0, "Invalid parameter");
            return;
        }
        String code = "AQ" + UUID.randomUUID();
        // The user grants only when asked for what publishing needs.
        List<String> scopes = List.of(q.getOrDefault("scope", "").split(","));
        CODES.put(code, scopes.containsAll(List.of("pages_manage_posts", "pages_show_list")) ? next : List.of());
        StubHttp.redirectWithCode(exchange, q.get("redirect_uri"), code, q.get("state"));
    }

    private void graph(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> p = params(exchange);
        if (!path.startsWith(VERSION + "/")) {
            error(exchange, 400, 2500, 0, "Unknown path components: " + path);
            return;
        }
        path = path.substring(VERSION.length());
        if (path.equals("/oauth/access_token")) {
            token(exchange, p);
            return;
        }
        String token = p.getOrDefault("access_token", "");
        if (path.equals("/me/accounts")) {
            List<Page> pages = USER_TOKENS.get(token);
            if (pages == null || !LONG_LIVED.containsKey(token)) {
                error(exchange, 400, 190, 463, "Error validating access token: Session has expired");
                return;
            }
            ObjectNode answer = JSON.createObjectNode();
            var data = answer.putArray("data");
            for (Page page : pages) {
                ObjectNode node = data.addObject()
                        .put("id", page.id)
                        .put("name", page.name)
                        .put("access_token", page.token)
                        .put("category", "Brand");
                node.putArray("tasks").add("CREATE_CONTENT").add("MANAGE").add("MODERATE");
                node.putObject("picture").putObject("data").put("url", "https://scontent.xx.fbcdn.net/" + page.id);
            }
            ok(exchange, answer);
            return;
        }
        Page page = pageOf(token);
        if (page == null || page.tokenRevoked) {
            error(
                    exchange,
                    400,
                    190,
                    460,
                    "Error validating access token: The session has been invalidated because"
                            + " the user changed their password or Facebook has changed the session for security reasons.");
            return;
        }
        String[] parts = path.split("/"); // "", id, edge?
        String id = parts.length > 1 ? parts[1] : "";
        String edge = parts.length > 2 ? parts[2] : "";
        boolean post = "POST".equals(exchange.getRequestMethod());
        if (post && !edge.equals("comments") && !id.equals(page.id)) {
            error(exchange, 403, 200, 0, "(#200) The user hasn't authorized the application to perform this action");
            return;
        }
        int throttled = post ? page.throttledMinutes : page.readsThrottledMinutes;
        if (throttled > 0) {
            exchange.getResponseHeaders()
                    .add(
                            "X-Business-Use-Case-Usage",
                            "{\"" + page.id
                                    + "\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":12,\"total_time\":14,"
                                    + "\"estimated_time_to_regain_access\":" + throttled + "}]}");
            error(exchange, 400, 32, 0, "Page request limit reached");
            return;
        }
        switch (post ? edge : "GET " + edge) {
            case "feed" -> feed(exchange, page, p);
            case "photos" -> photo(exchange, page, p);
            case "videos" -> video(exchange, page, p);
            case "comments" -> comment(exchange, id, p);
            case "GET posts" -> pagePosts(exchange, page, p);
            case "GET " -> read(exchange, page, id, p.getOrDefault("fields", ""));
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

    private void token(HttpExchange exchange, Map<String, String> p) throws IOException {
        if (!CLIENT_ID.equals(p.get("client_id")) || !CLIENT_SECRET.equals(p.get("client_secret"))) {
            error(exchange, 400, 1, 0, "Error validating client secret.");
            return;
        }
        if ("fb_exchange_token".equals(p.get("grant_type"))) {
            List<Page> pages = USER_TOKENS.get(p.getOrDefault("fb_exchange_token", ""));
            if (pages == null) {
                error(exchange, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
                return;
            }
            String token = "EAALong-" + UUID.randomUUID();
            USER_TOKENS.put(token, pages);
            LONG_LIVED.put(token, true);
            ok(
                    exchange,
                    JSON.createObjectNode()
                            .put("access_token", token)
                            .put("token_type", "bearer")
                            .put("expires_in", 5_183_944));
            return;
        }
        List<Page> pages = CODES.remove(p.getOrDefault("code", ""));
        if (pages == null || p.get("redirect_uri") == null) {
            error(exchange, 400, 100, 36007, "Invalid verification code format.");
            return;
        }
        String token = "EAAShort-" + UUID.randomUUID();
        USER_TOKENS.put(token, pages);
        ok(
                exchange,
                JSON.createObjectNode()
                        .put("access_token", token)
                        .put("token_type", "bearer")
                        .put("expires_in", 5_400));
    }

    private void feed(HttpExchange exchange, Page page, Map<String, String> p) throws IOException {
        String message = p.get("message");
        List<Fetched> attached = new ArrayList<>();
        for (int i = 0; p.containsKey("attached_media[" + i + "]"); i++) {
            String fbid = JSON.readTree(p.get("attached_media[" + i + "]"))
                    .path("media_fbid")
                    .asText();
            Fetched photo = UNPUBLISHED.remove(fbid);
            if (photo == null) {
                error(exchange, 400, 100, 0, "(#100) param attached_media[" + i + "] must be an unpublished photo");
                return;
            }
            attached.add(photo);
        }
        if ((message == null || message.isBlank()) && p.get("link") == null && attached.isEmpty()) {
            error(exchange, 400, 100, 0, "(#100) Invalid parameter: message, link or attached_media is required");
            return;
        }
        if (message != null && message.length() > 63_206) {
            error(exchange, 400, 100, 0, "(#100) The message is too long");
            return;
        }
        if (message != null
                && !message.isBlank()
                && POSTS.stream()
                        .anyMatch(x -> x.page == page
                                && message.equals(x.message)
                                && x.created.isAfter(Instant.now().minusSeconds(600)))) {
            error(exchange, 400, 506, 1455006, "Duplicate status message");
            return;
        }
        created(exchange, page, new Post(postId(page), page, message, p.get("link"), attached), null);
    }

    private void photo(HttpExchange exchange, Page page, Map<String, String> p) throws IOException {
        Fetched photo = fetch(exchange, p.get("url"), p.get("alt_text_custom"), !"false".equals(p.get("published")));
        if (photo == null) {
            return;
        }
        String photoId = Long.toString(200_000_000_000_000L + COUNTER.incrementAndGet());
        if (!photo.published()) {
            UNPUBLISHED.put(photoId, photo);
            ok(exchange, JSON.createObjectNode().put("id", photoId));
            return;
        }
        created(exchange, page, new Post(postId(page), page, p.get("caption"), null, List.of(photo)), photoId);
    }

    private void video(HttpExchange exchange, Page page, Map<String, String> p) throws IOException {
        Fetched video = fetch(exchange, p.get("file_url"), null, true);
        if (video != null) {
            String videoId = Long.toString(300_000_000_000_000L + COUNTER.incrementAndGet());
            POSTS.add(new Post(videoId, page, p.get("description"), null, List.of(video)));
            ok(exchange, JSON.createObjectNode().put("id", videoId));
        }
    }

    /** Facebook downloads the file itself; a URL it cannot fetch is error 324 (missing or invalid image file). */
    private Fetched fetch(HttpExchange exchange, String url, String altText, boolean published) throws IOException {
        var file = url == null ? Optional.<HttpResponse<byte[]>>empty() : StubHttp.fetch(url);
        if (file.isEmpty()) {
            error(exchange, 400, 324, 2069019, "(#324) Missing or invalid image file");
            return null;
        }
        return new Fetched(
                url,
                file.get().body(),
                file.get().headers().firstValue("Content-Type").orElse(""),
                altText,
                published);
    }

    private void created(HttpExchange exchange, Page page, Post post, String photoId) throws IOException {
        POSTS.add(post);
        if (page.stallNextPost) {
            page.stallNextPost = false;
            try {
                NEVER.await(60, TimeUnit.SECONDS); // created, but the answer never leaves
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        if (photoId != null) {
            answer.put("id", photoId).put("post_id", post.id);
        } else {
            answer.put("id", post.id);
        }
        ok(exchange, answer);
    }

    private void comment(HttpExchange exchange, String postId, Map<String, String> p) throws IOException {
        Post post = POSTS.stream().filter(x -> x.id.equals(postId)).findFirst().orElse(null);
        if (post == null || p.getOrDefault("message", "").isBlank()) {
            error(exchange, 400, 100, 33, "Unsupported post request. Object with ID '" + postId + "' does not exist");
            return;
        }
        post.comments.add(p.get("message"));
        ok(exchange, JSON.createObjectNode().put("id", postId.replaceAll(".*_", "") + "_" + COUNTER.incrementAndGet()));
    }

    private void pagePosts(HttpExchange exchange, Page page, Map<String, String> p) throws IOException {
        long since = Long.parseLong(p.getOrDefault("since", "0"));
        ObjectNode answer = JSON.createObjectNode();
        var data = answer.putArray("data");
        for (int i = POSTS.size() - 1; i >= 0; i--) {
            Post post = POSTS.get(i);
            if (post.page == page && post.created.getEpochSecond() >= since) {
                ObjectNode node = data.addObject().put("id", post.id).put("created_time", post.created.toString());
                if (post.message != null) {
                    node.put("message", post.message);
                }
            }
        }
        ok(exchange, answer);
    }

    private void read(HttpExchange exchange, Page page, String id, String fields) throws IOException {
        if (id.equals(page.id)) {
            ok(
                    exchange,
                    JSON.createObjectNode()
                            .put("followers_count", page.followers)
                            .put("fan_count", page.followers)
                            .put("id", id));
            return;
        }
        for (Post post : POSTS) {
            if (post.id.equals(id)) {
                ObjectNode answer = JSON.createObjectNode().put("id", id);
                if (fields.contains("permalink_url")) {
                    answer.put(
                            "permalink_url",
                            "https://www.facebook.com/" + post.page.id + "/posts/" + id.replaceAll(".*_", ""));
                }
                if (fields.contains("reactions")) {
                    summary(answer, "reactions", post.reactions);
                }
                if (fields.contains("comments")) {
                    summary(answer, "comments", post.comments.size());
                }
                if (fields.contains("shares") && post.shares > 0) {
                    answer.putObject("shares").put("count", post.shares);
                }
                ok(exchange, answer);
                return;
            }
        }
        error(exchange, 400, 100, 33, "Unsupported get request. Object with ID '" + id + "' does not exist");
    }

    /** An edge asked with {@code .summary(total_count).limit(0)}: no items, only the count. */
    private static void summary(ObjectNode answer, String edge, long count) {
        ObjectNode node = answer.putObject(edge);
        node.putArray("data");
        node.putObject("summary").put("total_count", count);
    }

    private static String postId(Page page) {
        return page.id + "_" + (400_000_000_000_000L + COUNTER.incrementAndGet());
    }

    private static Page pageOf(String token) {
        for (List<Page> pages : USER_TOKENS.values()) {
            for (Page page : pages) {
                if (page.token.equals(token)) {
                    return page;
                }
            }
        }
        return null;
    }

    private static Map<String, String> params(HttpExchange exchange) throws IOException {
        return MetaStubs.params(exchange);
    }

    private static void ok(HttpExchange exchange, ObjectNode body) throws IOException {
        MetaStubs.ok(exchange, body);
    }

    private static void error(HttpExchange exchange, int status, int code, int subcode, String message)
            throws IOException {
        String type = code == 190 || code == 32 ? "OAuthException" : "GraphMethodException";
        MetaStubs.error(exchange, status, type, code, subcode, message);
    }
}
