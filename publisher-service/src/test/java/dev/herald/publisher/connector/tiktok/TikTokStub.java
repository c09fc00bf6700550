package dev.herald.publisher.connector.tiktok;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubGrants;
import dev.herald.publisher.connector.StubHttp;

/**
 * TikTok's Login Kit and Content Posting API as documented: the consent page {@code /v2/auth/authorize/} and
 * {@code POST /v2/oauth/token/} with {@code client_key}/{@code client_secret} in the form, PKCE S256, rotating refresh
 * tokens (https://developers.tiktok.com/doc/login-kit-web, https://developers.tiktok.com/doc/oauth-user-access-token-management);
 * {@code GET /v2/user/info/} (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info); Direct Post
 * (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post): {@code creator_info/query},
 * {@code video/init} (a privacy level the creator is offered, {@code FILE_UPLOAD} chunk rules of
 * https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide: chunks of 5 to 64 MB — a file under
 * 5 MB whole — {@code total_chunk_count = video_size / chunk_size} rounded down; 6 inits a minute per user token),
 * chunk {@code PUT}s to {@code upload_url} in order with {@code Content-Range} (206 until the last, then 201), and
 * {@code status/fetch} (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status):
 * {@code PROCESSING_UPLOAD} with {@code uploaded_bytes}, then {@code PUBLISH_COMPLETE} (a public post's id in
 * {@code publicaly_available_post_id}) or {@code FAILED} with {@code fail_reason}. Every answer carries
 * {@code error: {code, message, log_id}}, {@code code: "ok"} on success. Photo posts: {@code content/init}. The
 * Content Posting calls are served by {@link TikTokPostingStub}. Metrics: {@code GET /v2/user/info/?fields=follower_count} (scope {@code user.info.stats})
 * and {@code POST /v2/video/query/} (scope {@code video.list}, see {@link #videoQuery}); a scope the user declined at
 * consent is {@code scope_not_authorized}. The stub keeps each post's bytes and pulled photos.
 */
public class TikTokStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_KEY = "tt-client-key";
    static final String CLIENT_SECRET = "tt-secret";
    static final long MB = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicLong COUNTER = new AtomicLong(7_300_000_000_000_000_000L);

    /** A TikTok creator signing in next, and how their account behaves. */
    public static final class Creator {
        public final String openId = "-000" + UUID.randomUUID().toString().replace("-", "");
        final String username;
        public volatile List<String> privacyOptions =
                List.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY");
        public volatile boolean commentDisabled;
        public volatile int maxDurationSec = 600;
        /** Every call answers 429 {@code rate_limit_exceeded}. */
        public volatile boolean throttled;
        /** Status fetches that still say {@code PROCESSING_UPLOAD} after the last byte arrived. */
        public volatile int processingPolls;
        /** Processing ends {@code FAILED} with this reason. */
        public volatile String failWith;
        /** The first chunk PUT keeps this many bytes, then its connection is lost (the partial chunk is dropped). */
        public volatile long cutAfter = -1;
        /** The PUT that completes the upload is taken, then its answer never comes. */
        public volatile boolean stallFinalAnswer;
        /** The next photo post's init is taken (the post made), then its answer never comes. */
        public volatile boolean stallPhotoInitAnswer;
        /** Lifetime of the access tokens handed out (TikTok's is 24 hours). */
        public volatile int expiresIn = 86_400;

        public final AtomicInteger refreshCalls = new AtomicInteger();
        public volatile String refreshToken;
        final List<Long> inits = new CopyOnWriteArrayList<>();
        /** Scopes the user unticks on the consent page (TikTok lets them): not granted. */
        public volatile List<String> declined = List.of();
        /** What the consent page granted. */
        volatile List<String> granted = List.of();

        public volatile long followers = 2048;
        /** The creator's public videos as {@code video/query} answers them (all fields), by video id. */
        public final Map<String, ObjectNode> videos = new ConcurrentHashMap<>();

        Creator(String username) {
            this.username = username;
        }
    }

    /** One {@code video/init} and what became of it. */
    public static final class Post {
        public final String publishId = "v_pub_file~v2-1." + COUNTER.incrementAndGet();
        public final String uploadId = UUID.randomUUID().toString();
        public final Creator creator;
        public final JsonNode postInfo;
        public final JsonNode sourceInfo;
        final StubGrants.Received received = new StubGrants.Received();
        public final List<String> contentRanges = new CopyOnWriteArrayList<>();
        public volatile boolean complete;
        final AtomicInteger polls = new AtomicInteger();
        public volatile String postId;
        /** A photo post's photos as TikTok pulled them from {@code photo_images}, in order. */
        public final List<byte[]> photos = new CopyOnWriteArrayList<>();
        /** Why processing fails for this post alone (a photo TikTok could not pull). */
        volatile String failReason;

        Post(Creator creator, JsonNode postInfo, JsonNode sourceInfo) {
            this.creator = creator;
            this.postInfo = postInfo;
            this.sourceInfo = sourceInfo;
        }

        public byte[] bytes() {
            return received.bytes();
        }

        long size() {
            return received.size();
        }
    }

    public static final List<Post> POSTS = new CopyOnWriteArrayList<>();
    private static final StubGrants<Creator> GRANTS = new StubGrants<>();
    private static volatile Creator next;

    private HttpServer server;
    private volatile String base;

    public static Creator nextCreator(String username) {
        Creator creator = new Creator(username);
        next = creator;
        return creator;
    }

    public static List<Post> postsOf(Creator creator) {
        return POSTS.stream().filter(p -> p.creator == creator).toList();
    }

    @Override
    public Map<String, String> start() {
        Map<String, HttpHandler> routes = new HashMap<>(Map.of(
                "/v2/auth/authorize/", this::authorize,
                "/v2/oauth/token/", this::token,
                "/v2/user/info/", this::userInfo,
                "/v2/video/query/", this::videoQuery));
        routes.putAll(TikTokPostingStub.routes(() -> base));
        server = StubHttp.start(routes);
        base = StubHttp.baseUrl(server);
        return Map.of(
                "herald.publisher.apps.tiktok.client-id", CLIENT_KEY,
                "herald.publisher.apps.tiktok.client-secret", CLIENT_SECRET,
                "herald.publisher.apps.tiktok.authorize-url", base + "/v2/auth/authorize/",
                "herald.publisher.apps.tiktok.api-base-url", base,
                // No media-service runs beside the connector tests: a closed port, so fetching files fails fast.
                "herald.publisher.media.service-url", "http://127.0.0.1:1");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        List<String> scopes = List.of(query.getOrDefault("scope", "").split(","));
        boolean valid = CLIENT_KEY.equals(query.get("client_key"))
                && "code".equals(query.get("response_type"))
                && query.get("redirect_uri") != null
                && scopes.contains("video.publish")
                && scopes.contains("user.info.basic")
                && "S256".equals(query.get("code_challenge_method"))
                && query.get("code_challenge") != null;
        if (!valid || next == null) {
            oauthError(exchange, "invalid_request", "The request parameters are malformed.");
            return;
        }
        next.granted =
                scopes.stream().filter(scope -> !next.declined.contains(scope)).toList();
        String code = GRANTS.code(next, query.get("code_challenge"));
        StubHttp.redirectWithCode(exchange, query.get("redirect_uri"), code, query.get("state"));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form =
                StubHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_KEY.equals(form.get("client_key")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            oauthError(exchange, "invalid_client", "Client key or secret is incorrect.");
            return;
        }
        Creator creator = null;
        if ("authorization_code".equals(form.get("grant_type"))) {
            creator = form.get("redirect_uri") == null
                    ? null
                    : GRANTS.redeem(form.get("code"), form.get("code_verifier"));
        } else if ("refresh_token".equals(form.get("grant_type"))) {
            // Rotating: the old refresh token stops working once used.
            creator = GRANTS.refresh(form.get("refresh_token"), true);
            if (creator != null) {
                creator.refreshCalls.incrementAndGet();
            }
        }
        if (creator == null) {
            oauthError(exchange, "invalid_grant", "Authorization code or refresh token is expired or invalid.");
            return;
        }
        String access = GRANTS.accessToken(creator, "act.");
        String refresh = GRANTS.refreshToken(creator, "rft.");
        creator.refreshToken = refresh;
        send(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("access_token", access)
                        .put("expires_in", creator.expiresIn)
                        .put("open_id", creator.openId)
                        .put("refresh_expires_in", 31_536_000)
                        .put("refresh_token", refresh)
                        .put("scope", String.join(",", creator.granted))
                        .put("token_type", "Bearer"));
    }

    /** Each field answered only with the scope it needs ({@code follower_count}: {@code user.info.stats}). */
    private void userInfo(HttpExchange exchange) throws IOException {
        Creator creator = GRANTS.bearer(exchange);
        if (creator == null) {
            apiError(exchange, 401, "access_token_invalid", "The access token is invalid or not found in the request.");
            return;
        }
        List<String> fields = List.of(StubHttp.form(exchange.getRequestURI().getRawQuery())
                .getOrDefault("fields", "")
                .split(","));
        if (fields.contains("follower_count") && !creator.granted.contains("user.info.stats")) {
            apiError(exchange, 401, "scope_not_authorized", "The user did not authorize the scope required.");
            return;
        }
        ObjectNode answer = ok();
        ObjectNode user = answer.putObject("data")
                .putObject("user")
                .put("open_id", creator.openId)
                .put("username", creator.username)
                .put("display_name", creator.username + " (TikTok)")
                .put("avatar_url", "https://p16-sign.tiktokcdn-us.com/" + creator.openId);
        if (fields.contains("follower_count")) {
            user.put("follower_count", creator.followers);
        }
        send(exchange, 200, answer);
    }

    /**
     * {@code POST /v2/video/query/?fields=…} (https://developers.tiktok.com/doc/tiktok-api-v2-video-query): scope
     * {@code video.list}, {@code fields} from the Video object, {@code filters.video_ids} (1 to 20); only the user's
     * own videos come back in {@code data.videos}, with the fields asked.
     */
    private void videoQuery(HttpExchange exchange) throws IOException {
        Creator creator = authorized(exchange);
        if (creator == null) {
            return;
        }
        if (!creator.granted.contains("video.list")) {
            apiError(exchange, 401, "scope_not_authorized", "The user did not authorize the scope required.");
            return;
        }
        List<String> known = List.of(
                "id",
                "create_time",
                "cover_image_url",
                "share_url",
                "video_description",
                "duration",
                "height",
                "width",
                "title",
                "embed_html",
                "embed_link",
                "like_count",
                "comment_count",
                "share_count",
                "view_count");
        String raw = StubHttp.form(exchange.getRequestURI().getRawQuery()).get("fields");
        List<String> fields = raw == null ? List.of() : List.of(raw.split(","));
        JsonNode ids = JSON.readTree(exchange.getRequestBody()).path("filters").path("video_ids");
        if (fields.isEmpty() || !known.containsAll(fields) || !ids.isArray() || ids.isEmpty() || ids.size() > 20) {
            apiError(exchange, 400, "invalid_params", "fields and filters.video_ids (1 to 20) are required.");
            return;
        }
        ObjectNode answer = ok();
        ObjectNode data = answer.putObject("data").put("cursor", 0).put("has_more", false);
        var videos = data.putArray("videos");
        for (JsonNode id : ids) {
            ObjectNode video = creator.videos.get(id.asText());
            if (video != null) {
                ObjectNode asked = videos.addObject();
                fields.stream().filter(video::has).forEach(field -> asked.set(field, video.get(field)));
            }
        }
        send(exchange, 200, answer);
    }

    /** The creator behind the bearer token, after the checks every Content Posting call makes; null once answered. */
    static Creator authorized(HttpExchange exchange) throws IOException {
        Creator creator = GRANTS.bearer(exchange);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (creator == null) {
            apiError(exchange, 401, "access_token_invalid", "The access token is invalid or not found in the request.");
            return null;
        }
        if (!"POST".equals(exchange.getRequestMethod()) || type == null || !type.startsWith("application/json")) {
            apiError(exchange, 400, "invalid_params", "POST with a JSON body.");
            return null;
        }
        if (creator.throttled) {
            apiError(exchange, 429, "rate_limit_exceeded", "API rate limit was exceeded.");
            return null;
        }
        return creator;
    }

    static ObjectNode ok() {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("error").put("code", "ok").put("message", "").put("log_id", logId());
        return answer;
    }

    private static String logId() {
        return "2026" + Long.toHexString(COUNTER.incrementAndGet());
    }

    private static void oauthError(HttpExchange exchange, String error, String description) throws IOException {
        send(
                exchange,
                400,
                JSON.createObjectNode()
                        .put("error", error)
                        .put("error_description", description)
                        .put("log_id", logId()));
    }

    static void apiError(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message).put("log_id", logId());
        send(exchange, status, body);
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        StubHttp.send(exchange, status, "application/json; charset=UTF-8", body.toString());
    }
}
