package dev.herald.publisher.connector.pinterest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubHttp;

/**
 * Pinterest API v5 as documented (the pinterest-v5 OpenAPI document; https://developers.pinterest.com/docs/api/v5/):
 * the consent page, {@code POST /v5/oauth/token} with HTTP Basic client credentials (authorization code and
 * refresh), {@code GET /v5/user_account}, and {@code POST /v5/pins}: a board of the user, {@code title} at most 100,
 * {@code description} 800, {@code alt_text} 500, and a media source Pinterest fetches itself ({@code image_url}, or
 * {@code multiple_image_urls} with 2 to 5 items) — the stub fetches it too and keeps the bytes. Errors are
 * {@code {code, message}}; a throttled user gets 429. Metrics: {@code GET /v5/user_account} carries
 * {@code follower_count}; {@code GET /v5/pins/{pin_id}/analytics} requires {@code start_date} (at most 90 days back),
 * {@code end_date} and {@code metric_types} (400 "Invalid pins analytics parameters." otherwise) and answers
 * {@code {"all": {"daily_metrics": [...], "summary_metrics": {...}, "lifetime_metrics": {"TOTAL_COMMENTS",
 * "TOTAL_REACTIONS"}}}} for the metric types asked; an unknown Pin is 404 "Pin not found.", another user's 403; a
 * user whose reads are throttled gets 429 with {@code Retry-After}. Video Pins: the upload is registered and sent to S3
 * ({@link PinterestMediaStub}); a {@code video_id} source must name the user's processed upload and a cover.
 */
public class PinterestStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "pin-client";
    static final String CLIENT_SECRET = "pin-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicLong IDS = new AtomicLong(1_125_000_000_000_000_000L);

    /** A Pinterest user signing in next, with one board. */
    public static final class User {
        final String id = Long.toString(IDS.incrementAndGet());
        final String username;
        public final String boardId = Long.toString(IDS.incrementAndGet());
        volatile boolean throttled;
        /** Analytics reads answer 429 with this Retry-After (seconds) while positive. */
        volatile int readsRetryAfter;

        volatile long followers;
        /** Status reads of an uploaded video that still say {@code processing}. */
        public volatile int processingPolls;
        /**
         * Status reads after the file arrived that still say {@code registered} (Pinterest has not yet picked the
         * upload up from S3).
         */
        public volatile int registeredPolls;
        /** Processing of this user's next video ends {@code failed}. */
        public volatile boolean videoFails;

        User(String username) {
            this.username = username;
        }
    }

    /** A Pin as Pinterest stored it, with the images it fetched. */
    public record Pin(String id, User owner, JsonNode body, List<byte[]> images) {}

    public static final List<Pin> PINS = new CopyOnWriteArrayList<>();
    /** Registered video uploads ({@code POST /v5/media}). */
    public static final List<Media> MEDIA = new CopyOnWriteArrayList<>();

    /** A registered media upload, the form it was uploaded with, and the status reads it had. */
    public static final class Media {
        public final String id = Long.toString(IDS.incrementAndGet());
        public final User owner;
        final Map<String, String> parameters;
        public volatile byte[] bytes;
        /** The field names of each upload received, in order. */
        public final List<List<String>> uploads = new CopyOnWriteArrayList<>();

        volatile int polls;
        volatile int registeredReads;

        Media(User owner) {
            this.owner = owner;
            this.parameters = Map.of(
                    "Content-Type",
                    "multipart/form-data",
                    "key",
                    "uploads/11/aa/22/3:video:" + owner.id + ":" + id,
                    "policy",
                    Base64.getEncoder().encodeToString(("policy-" + id).getBytes(StandardCharsets.UTF_8)),
                    "x-amz-algorithm",
                    "AWS4-HMAC-SHA256",
                    "x-amz-credential",
                    "ASIA6QZJ64OPIKV7FRVX/20261126/us-east-1/s3/aws4_request",
                    "x-amz-date",
                    "20261126T074500Z",
                    "x-amz-security-token",
                    "IQoJb3JpZ2luX2VjEJr" + id,
                    "x-amz-signature",
                    Long.toHexString(id.hashCode() * 31L));
        }

        String status() {
            if (bytes == null) {
                return "registered";
            }
            if (registeredReads++ < owner.registeredPolls) {
                return "registered";
            }
            if (polls++ < owner.processingPolls) {
                return "processing";
            }
            return owner.videoFails ? "failed" : "succeeded";
        }
    }

    public static List<Media> mediaOf(User user) {
        return MEDIA.stream().filter(m -> m.owner == user).toList();
    }
    /** Analytics totals by Pin id and metric type; a metric without an entry is 0. */
    static final Map<String, Map<String, Long>> ANALYTICS = new ConcurrentHashMap<>();

    /** A Pin the user made on Pinterest (outside Herald). */
    static Pin pinOf(User user) {
        Pin pin = new Pin(Long.toString(IDS.incrementAndGet()), user, JSON.createObjectNode(), List.of());
        PINS.add(pin);
        return pin;
    }

    private static final Map<String, User> CODES = new ConcurrentHashMap<>();
    private static final Map<String, User> ACCESS = new ConcurrentHashMap<>();
    private static final Map<String, User> REFRESH = new ConcurrentHashMap<>();
    private static volatile User next;

    private HttpServer server;
    private volatile String uploadUrl;

    public static User nextUser(String username) {
        User user = new User(username);
        next = user;
        return user;
    }

    public static Pin find(String id) {
        return PINS.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    @Override
    public Map<String, String> start() {
        Map<String, HttpHandler> routes = new HashMap<>(Map.of(
                "/oauth/", this::authorize,
                "/v5/oauth/token", this::token,
                "/v5/user_account", this::userAccount,
                "/v5/pins", this::pins));
        routes.putAll(PinterestMediaStub.routes(() -> uploadUrl));
        server = StubHttp.start(routes);
        String base = StubHttp.baseUrl(server);
        uploadUrl = base + "/s3-upload/";
        return Map.of(
                "herald.publisher.apps.pinterest.client-id", CLIENT_ID,
                "herald.publisher.apps.pinterest.client-secret", CLIENT_SECRET,
                "herald.publisher.apps.pinterest.authorize-url", base + "/oauth/",
                "herald.publisher.apps.pinterest.api-base-url", base,
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
        if (!CLIENT_ID.equals(query.get("client_id"))
                || !"code".equals(query.get("response_type"))
                || query.get("redirect_uri") == null
                || next == null) {
            error(exchange, 400, 1, "Invalid client_id or redirect_uri");
            return;
        }
        String code = "pcode-" + UUID.randomUUID();
        CODES.put(code, next);
        StubHttp.redirectWithCode(exchange, query.get("redirect_uri"), code, query.get("state"));
    }

    private void token(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            error(exchange, 401, 2, "Authentication failed.");
            return;
        }
        Map<String, String> form =
                StubHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        User user = switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> form.get("redirect_uri") == null ? null : CODES.remove(form.get("code"));
            case "refresh_token" -> REFRESH.remove(form.getOrDefault("refresh_token", ""));
            default -> null;
        };
        if (user == null) {
            error(exchange, 400, 1, "Invalid authorization code or refresh token");
            return;
        }
        String access = "pina_" + UUID.randomUUID();
        String refresh = "pinr_" + UUID.randomUUID();
        ACCESS.put(access, user);
        REFRESH.put(refresh, user);
        send(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("access_token", access)
                        .put("refresh_token", refresh)
                        .put("response_type", form.get("grant_type"))
                        .put("token_type", "bearer")
                        .put("expires_in", 2_592_000)
                        .put("refresh_token_expires_in", 5_184_000)
                        .put("scope", "boards:read,pins:read,pins:write,user_accounts:read"));
    }

    private void userAccount(HttpExchange exchange) throws IOException {
        User user = bearer(exchange);
        if (user == null) {
            error(exchange, 401, 2, "Authentication failed.");
            return;
        }
        send(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("account_type", "BUSINESS")
                        .put("id", user.id)
                        .put("username", user.username)
                        .put("business_name", user.username + " (business)")
                        .put("profile_image", "https://i.pinimg.com/" + user.id + ".jpg")
                        .put("follower_count", user.followers)
                        .put("following_count", 12)
                        .put(
                                "pin_count",
                                PINS.stream().filter(p -> p.owner() == user).count())
                        .put("monthly_views", 163));
    }

    private void analytics(HttpExchange exchange, User user) throws IOException {
        if (user.readsRetryAfter > 0) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(user.readsRetryAfter));
            error(exchange, 429, 8, "You have exceeded your rate limit. Try again later.");
            return;
        }
        String[] path = exchange.getRequestURI().getPath().split("/"); // "", v5, pins, id, analytics
        Map<String, String> q = StubHttp.form(exchange.getRequestURI().getRawQuery());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(q.getOrDefault("start_date", ""));
            end = LocalDate.parse(q.getOrDefault("end_date", ""));
        } catch (DateTimeParseException e) {
            error(exchange, 400, 1, "Invalid pins analytics parameters.");
            return;
        }
        if (path.length != 5
                || q.get("metric_types") == null
                || start.isBefore(today.minusDays(90))
                || end.isBefore(start)) {
            error(exchange, 400, 1, "Invalid pins analytics parameters.");
            return;
        }
        Pin pin = find(path[3]);
        if (pin == null) {
            error(exchange, 404, 50, "Pin not found.");
            return;
        }
        if (pin.owner() != user) {
            error(exchange, 403, 29, "Not authorized to access board or Pin.");
            return;
        }
        Map<String, Long> values = ANALYTICS.getOrDefault(pin.id(), Map.of());
        ObjectNode all = JSON.createObjectNode();
        ObjectNode summary = all.putObject("summary_metrics");
        ObjectNode lifetime = all.putObject("lifetime_metrics");
        ObjectNode day = all.putArray("daily_metrics")
                .addObject()
                .put("date", today.toString())
                .put("data_status", "READY");
        ObjectNode daily = day.putObject("metrics");
        for (String type : q.get("metric_types").split(",")) {
            long value = values.getOrDefault(type, 0L);
            if (type.startsWith("TOTAL_")) {
                lifetime.put(type, value);
            } else {
                summary.put(type, value);
                daily.put(type, value);
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("all", all);
        send(exchange, 200, answer);
    }

    private void pins(HttpExchange exchange) throws IOException {
        User user = bearer(exchange);
        if (user == null) {
            error(exchange, 401, 2, "Authentication failed.");
            return;
        }
        if ("GET".equals(exchange.getRequestMethod())
                && exchange.getRequestURI().getPath().endsWith("/analytics")) {
            analytics(exchange, user);
            return;
        }
        if (user.throttled) {
            error(exchange, 429, 8, "You have exceeded your rate limit. Try again later.");
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!user.boardId.equals(body.path("board_id").asText())) {
            error(exchange, 404, 3, "Board not found.");
            return;
        }
        String problem = lengthProblem(body);
        if (problem != null) {
            error(exchange, 400, 1, problem);
            return;
        }
        JsonNode source = body.path("media_source");
        List<String> urls = new ArrayList<>();
        if ("video_id".equals(source.path("source_type").asText())) {
            String video = PinterestMediaStub.videoProblem(source, user);
            if (video != null) {
                error(exchange, 400, 1, video);
                return;
            }
        }
        switch (source.path("source_type").asText()) {
            case "video_id" -> {}
            case "image_url" -> urls.add(source.path("url").asText());
            case "multiple_image_urls" ->
                source.path("items").forEach(i -> urls.add(i.path("url").asText()));
            default -> {
                error(exchange, 400, 1, "Invalid request body: media_source.source_type");
                return;
            }
        }
        if (source.has("items") && (urls.size() < 2 || urls.size() > 5)) {
            error(exchange, 400, 1, "Invalid request body: media_source.items must have 2 to 5 items");
            return;
        }
        List<byte[]> images = new ArrayList<>();
        for (String url : urls) {
            byte[] image = fetch(url);
            if (image == null) {
                error(exchange, 400, 1, "Sorry! We could not fetch the image from " + url);
                return;
            }
            images.add(image);
        }
        Pin pin = new Pin(Long.toString(IDS.incrementAndGet()), user, body, List.copyOf(images));
        PINS.add(pin);
        ObjectNode answer = JSON.createObjectNode()
                .put("id", pin.id())
                .put("board_id", user.boardId)
                .put("created_at", Instant.now().toString());
        answer.set("description", body.path("description"));
        send(exchange, 201, answer);
    }

    private static String lengthProblem(JsonNode body) {
        if (body.path("title").asText("").length() > 100) {
            return "Invalid request body: title is longer than 100 characters";
        }
        if (body.path("description").asText("").length() > 800) {
            return "Invalid request body: description is longer than 800 characters";
        }
        if (body.path("alt_text").asText("").length() > 500) {
            return "Invalid request body: alt_text is longer than 500 characters";
        }
        return null;
    }

    private static byte[] fetch(String url) {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static User bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth == null ? null : ACCESS.get(auth.replace("Bearer ", ""));
    }

    static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        send(exchange, status, JSON.createObjectNode().put("code", code).put("message", message));
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        StubHttp.send(exchange, status, "application/json", body.toString());
    }
}
