package dev.herald.publisher.connector.youtube;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubGrants;
import dev.herald.publisher.connector.StubHttp;

/**
 * Google OAuth 2 and the YouTube Data API v3 as documented: the consent page and token endpoint
 * (https://developers.google.com/identity/protocols/oauth2/web-server: PKCE S256, {@code access_type=offline},
 * client credentials in the form, {@code invalid_grant} for a bad code or refresh token; a refresh answers no new
 * refresh token), {@code GET /youtube/v3/channels?part=snippet&mine=true}
 * (https://developers.google.com/youtube/v3/docs/channels/list; with {@code part=statistics} the channel's counts,
 * {@code subscriberCount} left out when hidden), {@code GET /youtube/v3/videos?part=statistics&id=…} (videos.list:
 * unknown ids are absent from {@code items}), and {@code videos.insert} over the resumable upload
 * protocol (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol): the session opened by
 * {@code POST /upload/youtube/v3/videos?uploadType=resumable} with the video resource and
 * {@code X-Upload-Content-Length/Type} answers its URI in {@code Location}; {@code PUT}s with {@code Content-Range}
 * must continue exactly where the session stands; {@code bytes *}{@code /N} asks it: {@code 308} with
 * {@code Range: bytes=0-N} (no {@code Range} when nothing arrived) or, once complete, {@code 201} with the video
 * resource. Title at most 100 characters and non-empty, description at most 5,000 bytes, no {@code <} or {@code >}
 * in either (https://developers.google.com/youtube/v3/docs/videos#resource); {@code status.publishAt} ISO-8601, ahead,
 * and only with {@code privacyStatus: private}, else 400 {@code invalidPublishAt}
 * (https://developers.google.com/youtube/v3/docs/videos/insert#errors). Errors are
 * {@code {"error":{"code","message","errors":[{"domain","reason","message"}]}}}
 * (https://developers.google.com/youtube/v3/docs/errors): {@code quotaExceeded}, {@code uploadLimitExceeded}
 * (403), 401 for a bad token. The stub keeps each video's bytes as they arrived.
 */
public class YouTubeStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "yt-client.apps.googleusercontent.com";
    static final String CLIENT_SECRET = "yt-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    /** A Google account with a channel, signing in next. */
    public static final class Channel {
        public final String id =
                "UC" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        final String title;
        /** {@code quotaExceeded} or {@code uploadLimitExceeded}: the next session is refused with it (403). */
        public volatile String refuseWith;
        /** The first upload PUT keeps this many bytes, then its answer never comes (the connection is lost). */
        public volatile long cutAfter = -1;
        /** The upload PUT that completes the video keeps it, then its answer never comes. */
        public volatile boolean stallFinalAnswer;
        /** Lifetime of the access tokens handed out (Google's is an hour). */
        public volatile int expiresIn = 3599;
        /** The channel's {@code statistics.subscriberCount}. */
        public volatile long subscribers = 1234;
        /** The channel hides its subscriber count ({@code hiddenSubscriberCount}). */
        public volatile boolean hidesSubscribers;
        /** The user revoked Herald's access: Data API reads answer 401. */
        public volatile boolean revoked;
        /** Every Data API read answers 429 {@code rateLimitExceeded}. */
        public volatile boolean throttled;

        public final AtomicInteger refreshCalls = new AtomicInteger();
        public volatile String refreshToken;

        Channel(String title) {
            this.title = title;
        }
    }

    /** An upload session and, once complete, the video it made. */
    public static final class Upload {
        public final String uploadId = "up-" + UUID.randomUUID();
        public final Channel channel;
        public final JsonNode resource;
        public final String contentType;
        public final long total;
        final StubGrants.Received received = new StubGrants.Received();
        public final List<String> contentRanges = new CopyOnWriteArrayList<>();
        public volatile String videoId;

        Upload(Channel channel, JsonNode resource, String contentType, long total) {
            this.channel = channel;
            this.resource = resource;
            this.contentType = contentType;
            this.total = total;
        }

        public byte[] bytes() {
            return received.bytes();
        }

        long size() {
            return received.size();
        }
    }

    public static final List<Upload> UPLOADS = new CopyOnWriteArrayList<>();
    /** Each known video's {@code statistics} as {@code videos.list} answers them (counts as strings), by video id. */
    public static final Map<String, ObjectNode> STATISTICS = new ConcurrentHashMap<>();

    private static final StubGrants<Channel> GRANTS = new StubGrants<>();
    private static volatile Channel next;

    private HttpServer server;
    private String base;

    public static Channel nextChannel(String title) {
        Channel channel = new Channel(title);
        next = channel;
        return channel;
    }

    /** The completed video with this id. */
    public static Upload video(String id) {
        return UPLOADS.stream()
                .filter(u -> id.equals(u.videoId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no YouTube video " + id));
    }

    public static long videosOf(Channel channel) {
        return UPLOADS.stream()
                .filter(u -> u.channel == channel && u.videoId != null)
                .count();
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of(
                "/o/oauth2/v2/auth", this::authorize,
                "/token", this::token,
                "/youtube/v3/channels", this::channels,
                "/youtube/v3/videos", this::list,
                "/upload/youtube/v3/videos", this::videos));
        base = StubHttp.baseUrl(server);
        return Map.of(
                "herald.publisher.apps.youtube.client-id",
                CLIENT_ID,
                "herald.publisher.apps.youtube.client-secret",
                CLIENT_SECRET,
                "herald.publisher.apps.youtube.authorize-url",
                base + "/o/oauth2/v2/auth",
                "herald.publisher.apps.youtube.token-url",
                base + "/token",
                "herald.publisher.apps.youtube.api-base-url",
                base,
                // No media-service runs beside the connector tests: a closed port, so fetching files fails fast.
                "herald.publisher.media.service-url",
                "http://127.0.0.1:1");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        boolean valid = CLIENT_ID.equals(query.get("client_id"))
                && "code".equals(query.get("response_type"))
                && query.get("redirect_uri") != null
                && query.getOrDefault("scope", "").contains("https://www.googleapis.com/auth/youtube.upload")
                && "offline".equals(query.get("access_type"))
                && "S256".equals(query.get("code_challenge_method"))
                && query.get("code_challenge") != null;
        if (!valid || next == null) {
            oauthError(exchange, 400, "invalid_request", "Required parameter is missing or invalid");
            return;
        }
        String code = GRANTS.code(next, query.get("code_challenge"));
        StubHttp.redirectWithCode(exchange, query.get("redirect_uri"), code, query.get("state"));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form =
                StubHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            oauthError(exchange, 401, "invalid_client", "The OAuth client was not found.");
            return;
        }
        Channel channel;
        boolean withRefresh;
        if ("authorization_code".equals(form.get("grant_type"))) {
            channel = form.get("redirect_uri") == null
                    ? null
                    : GRANTS.redeem(form.get("code"), form.get("code_verifier"));
            withRefresh = true;
        } else if ("refresh_token".equals(form.get("grant_type"))) {
            channel = GRANTS.refresh(form.get("refresh_token"), false); // Google's do not rotate
            withRefresh = false;
            if (channel != null) {
                channel.refreshCalls.incrementAndGet();
            }
        } else {
            oauthError(exchange, 400, "unsupported_grant_type", "Invalid grant_type");
            return;
        }
        if (channel == null) {
            oauthError(exchange, 400, "invalid_grant", "Bad Request");
            return;
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("access_token", GRANTS.accessToken(channel, "ya29."))
                .put("expires_in", channel.expiresIn)
                .put("scope", YouTubeConnectFlow.SCOPES)
                .put("token_type", "Bearer");
        if (withRefresh) {
            String refresh = GRANTS.refreshToken(channel, "1//");
            channel.refreshToken = refresh;
            answer.put("refresh_token", refresh);
        }
        send(exchange, 200, answer);
    }

    private void channels(HttpExchange exchange) throws IOException {
        Channel channel = GRANTS.bearer(exchange);
        if (channel == null || channel.revoked) {
            apiError(exchange, 401, "authError", "Invalid Credentials");
            return;
        }
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        List<String> parts = List.of(query.getOrDefault("part", "").split(","));
        if (!"true".equals(query.get("mine")) || !(parts.contains("snippet") || parts.contains("statistics"))) {
            apiError(exchange, 400, "missingRequiredParameter", "No filter selected.");
            return;
        }
        if (channel.throttled) {
            throttle(exchange);
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("kind", "youtube#channelListResponse");
        ObjectNode item = answer.putArray("items").addObject().put("kind", "youtube#channel");
        item.put("id", channel.id);
        if (parts.contains("snippet")) {
            ObjectNode snippet = item.putObject("snippet")
                    .put("title", channel.title)
                    .put("customUrl", "@" + channel.title.toLowerCase().replace(" ", ""));
            snippet.putObject("thumbnails").putObject("default").put("url", "https://yt3.ggpht.com/" + channel.id);
        }
        if (parts.contains("statistics")) {
            // Counts are strings; a hidden subscriber count is left out (channels#statistics).
            ObjectNode statistics = item.putObject("statistics")
                    .put("viewCount", "98765")
                    .put("hiddenSubscriberCount", channel.hidesSubscribers)
                    .put("videoCount", "12");
            if (!channel.hidesSubscribers) {
                statistics.put("subscriberCount", Long.toString(channel.subscribers));
            }
        }
        send(exchange, 200, answer);
    }

    /**
     * {@code videos.list} by id (https://developers.google.com/youtube/v3/docs/videos/list): {@code part} and one
     * filter are required; ids YouTube does not know are simply absent from {@code items}.
     */
    private void list(HttpExchange exchange) throws IOException {
        Channel channel = GRANTS.bearer(exchange);
        if (channel == null || channel.revoked) {
            apiError(exchange, 401, "authError", "Invalid Credentials");
            return;
        }
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        if (!"GET".equals(exchange.getRequestMethod()) || query.get("id") == null) {
            apiError(
                    exchange,
                    400,
                    "missingRequiredParameter",
                    "No filter selected. Expected one of: id, myRating, chart");
            return;
        }
        if (!List.of(query.getOrDefault("part", "").split(",")).contains("statistics")) {
            apiError(exchange, 400, "missingRequiredParameter", "Required parameter: part");
            return;
        }
        if (channel.throttled) {
            throttle(exchange);
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("kind", "youtube#videoListResponse");
        var items = answer.putArray("items");
        for (String id : query.get("id").split(",")) {
            ObjectNode statistics = STATISTICS.get(id);
            if (statistics != null) {
                items.addObject().put("kind", "youtube#video").put("id", id).set("statistics", statistics);
            }
        }
        answer.putObject("pageInfo").put("totalResults", items.size()).put("resultsPerPage", items.size());
        send(exchange, 200, answer);
    }

    /** YouTube's per-user rate limit: 429 {@code rateLimitExceeded} with {@code Retry-After}. */
    private static void throttle(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Retry-After", "30");
        apiError(
                exchange,
                429,
                "rateLimitExceeded",
                "The request cannot be completed because you have exceeded your quota.");
    }

    private void videos(HttpExchange exchange) throws IOException {
        if ("POST".equals(exchange.getRequestMethod())) {
            open(exchange);
        } else if ("PUT".equals(exchange.getRequestMethod())) {
            transfer(exchange);
        } else {
            apiError(exchange, 405, "methodNotAllowed", "Method not allowed");
        }
    }

    /** Step 1: the session, after the checks videos.insert makes of the resource. */
    private void open(HttpExchange exchange) throws IOException {
        Channel channel = GRANTS.bearer(exchange);
        if (channel == null) {
            apiError(exchange, 401, "authError", "Invalid Credentials");
            return;
        }
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        String type = exchange.getRequestHeaders().getFirst("X-Upload-Content-Type");
        String length = exchange.getRequestHeaders().getFirst("X-Upload-Content-Length");
        if (!"resumable".equals(query.get("uploadType"))
                || !query.getOrDefault("part", "").contains("snippet")
                || !query.getOrDefault("part", "").contains("status")
                || type == null
                || !(type.startsWith("video/") || type.equals("application/octet-stream"))
                || length == null
                || !exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")) {
            apiError(exchange, 400, "invalidArgument", "Bad resumable upload request");
            return;
        }
        if (channel.refuseWith != null) {
            apiError(
                    exchange, 403, channel.refuseWith, "The request cannot be completed (" + channel.refuseWith + ").");
            return;
        }
        JsonNode resource = JSON.readTree(exchange.getRequestBody());
        String problem = resourceProblem(resource);
        if (problem != null) {
            apiError(exchange, 400, problem, "The request metadata is invalid (" + problem + ").");
            return;
        }
        Upload upload = new Upload(channel, resource, type, Long.parseLong(length));
        UPLOADS.add(upload);
        exchange.getResponseHeaders()
                .add("Location", base + "/upload/youtube/v3/videos?uploadType=resumable&upload_id=" + upload.uploadId);
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static String resourceProblem(JsonNode resource) {
        String title = resource.path("snippet").path("title").asText("");
        String description = resource.path("snippet").path("description").asText("");
        if (title.isBlank() || title.codePointCount(0, title.length()) > 100 || title.matches(".*[<>].*")) {
            return "invalidTitle";
        }
        if (description.getBytes(StandardCharsets.UTF_8).length > 5_000 || description.matches("(?s).*[<>].*")) {
            return "invalidDescription";
        }
        String privacy = resource.path("status").path("privacyStatus").asText("public");
        if (!List.of("public", "unlisted", "private").contains(privacy)) {
            return "invalidVideoMetadata";
        }
        JsonNode publishAt = resource.path("status").path("publishAt");
        if (!publishAt.isMissingNode()) {
            // Only a private video can be scheduled, and only for a time ahead (invalidPublishAt).
            try {
                if (!"private".equals(privacy)
                        || !OffsetDateTime.parse(publishAt.asText()).toInstant().isAfter(Instant.now())) {
                    return "invalidPublishAt";
                }
            } catch (DateTimeParseException e) {
                return "invalidPublishAt";
            }
        }
        return null;
    }

    /** Step 2: bytes to the session, or the status query {@code bytes *}{@code /N}. */
    private void transfer(HttpExchange exchange) throws IOException {
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        Upload upload = UPLOADS.stream()
                .filter(u -> u.uploadId.equals(query.get("upload_id")))
                .findFirst()
                .orElse(null);
        if (upload == null) {
            apiError(exchange, 404, "notFound", "Upload session not found or expired.");
            return;
        }
        if (GRANTS.bearer(exchange) != upload.channel) {
            apiError(exchange, 401, "authError", "Invalid Credentials");
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        upload.contentRanges.add(range);
        if (("bytes */" + upload.total).equals(range)) {
            exchange.getRequestBody().readAllBytes();
            status(exchange, upload);
            return;
        }
        Matcher matcher = RANGE.matcher(range == null ? "" : range);
        if (!matcher.matches()
                || Long.parseLong(matcher.group(1)) != upload.size()
                || Long.parseLong(matcher.group(3)) != upload.total
                || upload.videoId != null) {
            apiError(exchange, 400, "badContentRange", "Content-Range " + range + " does not continue the upload.");
            return;
        }
        long expected = Long.parseLong(matcher.group(2)) - Long.parseLong(matcher.group(1)) + 1;
        InputStream body = exchange.getRequestBody();
        long keep = upload.channel.cutAfter >= 0 ? Math.min(expected, upload.channel.cutAfter) : expected;
        byte[] bytes = body.readNBytes((int) keep);
        upload.received.add(bytes);
        if (upload.channel.cutAfter >= 0) {
            upload.channel.cutAfter = -1;
            StubGrants.stall(exchange); // the connection is lost mid-upload: the session keeps what arrived
            return;
        }
        if (bytes.length != expected) {
            status(exchange, upload);
            return;
        }
        if (upload.size() == upload.total) {
            upload.videoId = "v" + Long.toString(1_000_000 + COUNTER.incrementAndGet(), 36);
            if (upload.channel.stallFinalAnswer) {
                upload.channel.stallFinalAnswer = false;
                StubGrants.stall(exchange); // the video exists, but the answer never leaves
                return;
            }
        }
        status(exchange, upload);
    }

    private static void status(HttpExchange exchange, Upload upload) throws IOException {
        if (upload.videoId != null) {
            ObjectNode video =
                    JSON.createObjectNode().put("kind", "youtube#video").put("id", upload.videoId);
            video.set("snippet", upload.resource.path("snippet"));
            ObjectNode status =
                    ((ObjectNode) upload.resource.path("status").deepCopy()).put("uploadStatus", "uploaded");
            video.set("status", status);
            send(exchange, 201, video);
            return;
        }
        if (upload.size() > 0) {
            exchange.getResponseHeaders().add("Range", "bytes=0-" + (upload.size() - 1));
        }
        exchange.sendResponseHeaders(308, -1);
        exchange.close();
    }

    private static void oauthError(HttpExchange exchange, int status, String error, String description)
            throws IOException {
        send(exchange, status, JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    private static void apiError(HttpExchange exchange, int status, String reason, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", status).put("message", message);
        error.putArray("errors")
                .addObject()
                .put("domain", status == 403 || status == 429 ? "youtube.quota" : "global")
                .put("reason", reason)
                .put("message", message);
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        StubHttp.send(exchange, status, "application/json; charset=UTF-8", body.toString());
    }
}
