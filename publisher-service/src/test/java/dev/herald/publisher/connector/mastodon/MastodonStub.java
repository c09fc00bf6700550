package dev.herald.publisher.connector.mastodon;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubHttp;

/**
 * A Mastodon instance as documented, for the connector tests: app registration (https://docs.joinmastodon.org/methods/apps/#create),
 * the OAuth consent page and token endpoint with PKCE (https://docs.joinmastodon.org/methods/oauth/),
 * {@code verify_credentials} (https://docs.joinmastodon.org/methods/accounts/#verify_credentials) and posting
 * statuses (https://docs.joinmastodon.org/methods/statuses/#create) with {@code Idempotency-Key}: a repeated key of
 * the same user within an hour answers the status it created. Errors are {@code {"error": "..."}}; the rate limit
 * headers carry an ISO-8601 reset (https://docs.joinmastodon.org/api/rate-limits/). Media
 * (https://docs.joinmastodon.org/methods/media/): {@code POST /api/v2/media} takes a multipart {@code file} and
 * {@code description}, answering 200 for an image and 202 for a video still processing; {@code GET /api/v1/media/:id}
 * answers 206 until it is done; a status takes at most 4 processed attachments of its author. Metrics: a status read
 * back ({@code GET /api/v1/statuses/:id}, https://docs.joinmastodon.org/methods/statuses/#get) carries
 * {@code favourites_count}, {@code reblogs_count}, {@code replies_count} and {@code quotes_count}
 * (https://docs.joinmastodon.org/entities/Status/), an unknown one is 404 {@code Record not found};
 * {@code verify_credentials} carries {@code followers_count}; reads count against the token's 300 requests per 5
 * minutes, with the {@code X-RateLimit-*} headers.
 */
public class MastodonStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user signing in on the instance's consent page next, and how the instance treats their posts. */
    public static final class User {
        final String id = Long.toString(100_000 + COUNTER.incrementAndGet());
        final String username;
        volatile int postLimit = 300;
        final AtomicInteger posted = new AtomicInteger();
        final AtomicInteger unavailableFor = new AtomicInteger();
        volatile boolean stallNextPost;
        volatile long followers;
        volatile int readLimit = 300;
        final AtomicInteger reads = new AtomicInteger();
        /** How long the instance takes to process this user's videos after upload. */
        volatile Duration processing = Duration.ofMillis(1500);

        User(String username) {
            this.username = username;
        }
    }

    /** A status as the instance stored it. */
    public record Status(
            String id,
            User author,
            String text,
            String inReplyTo,
            String visibility,
            String idempotencyKey,
            List<Attachment> attachments) {}

    /** An uploaded file: its bytes and alt text as received; a video is processed a moment after upload. */
    public record Attachment(
            String id, User owner, String type, String contentType, byte[] bytes, String description, Instant readyAt) {

        boolean processed() {
            return !Instant.now().isBefore(readyAt);
        }
    }

    /** The counts a status shows when read back. */
    public record Counts(long favourites, long reblogs, long replies, long quotes) {}

    static final Map<String, Counts> COUNTS = new ConcurrentHashMap<>();
    static final Map<String, Attachment> ATTACHMENTS = new ConcurrentHashMap<>();
    private static final long IMAGE_LIMIT = 16L * 1024 * 1024;
    private static final long VIDEO_LIMIT = 99L * 1024 * 1024;

    public static final List<Status> STATUSES = new CopyOnWriteArrayList<>();
    static final AtomicInteger APPS_REGISTERED = new AtomicInteger();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static final Map<String, String[]> APPS = new ConcurrentHashMap<>(); // client id -> {secret, redirect}
    private static final Map<String, String[]> CODES = new ConcurrentHashMap<>(); // code -> {challenge, redirect}
    private static final Map<String, User> CODE_USERS = new ConcurrentHashMap<>();
    private static final Map<String, User> TOKENS = new ConcurrentHashMap<>();
    private static volatile User next;
    public static volatile String base;

    private HttpServer server;

    public static User nextUser(String username) {
        User user = new User(username);
        next = user;
        return user;
    }

    /** The user revokes every token they gave: the next call with one is 401. */
    static void revoke(User user) {
        TOKENS.values().removeIf(u -> u == user);
    }

    static long count(User user, String text) {
        return STATUSES.stream()
                .filter(s -> s.author() == user && s.text().equals(text))
                .count();
    }

    /** Every file this user uploaded that the instance still keeps. */
    static List<Attachment> uploads(User user) {
        return ATTACHMENTS.values().stream().filter(a -> a.owner() == user).toList();
    }

    /** The instance finishes processing this user's uploads now. */
    static void finishProcessing(User user) {
        ATTACHMENTS.replaceAll((id, a) -> a.owner() == user
                ? new Attachment(id, user, a.type(), a.contentType(), a.bytes(), a.description(), Instant.now())
                : a);
    }

    /** The instance removes this user's uploads, as Mastodon does with attachments no status used for a day. */
    static void expireUploads(User user) {
        ATTACHMENTS.values().removeIf(a -> a.owner() == user);
    }

    public static Status find(String id) {
        return STATUSES.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of(
                "/api/v1/apps", this::apps,
                "/oauth/authorize", this::authorize,
                "/oauth/token", this::token,
                "/api/v1/accounts/verify_credentials", this::verify,
                "/api/v1/statuses", this::statuses,
                "/api/v2/media", this::upload,
                "/api/v1/media/", this::media));
        base = StubHttp.baseUrl(server);
        return Map.of(
                "herald.publisher.allow-private-instance-urls", "true",
                "herald.publisher.platform-timeout", "2s");
    }

    @Override
    public void stop() {
        NEVER.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private void apps(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!body.hasNonNull("client_name") || !body.hasNonNull("redirect_uris")) {
            send(exchange, 422, error("Validation failed: Application name can't be blank"));
            return;
        }
        APPS_REGISTERED.incrementAndGet();
        String clientId = "cid-" + UUID.randomUUID();
        String secret = "csec-" + UUID.randomUUID();
        APPS.put(clientId, new String[] {secret, body.get("redirect_uris").asText()});
        send(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("id", Long.toString(COUNTER.incrementAndGet()))
                        .put("name", body.get("client_name").asText())
                        .put("website", body.path("website").asText(null))
                        .put("redirect_uri", body.get("redirect_uris").asText())
                        .put("client_id", clientId)
                        .put("client_secret", secret)
                        .put(
                                "vapid_key",
                                "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=")
                        .toString());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = StubHttp.form(exchange.getRequestURI().getRawQuery());
        String[] app = APPS.get(query.getOrDefault("client_id", ""));
        if (app == null
                || !app[1].equals(query.get("redirect_uri"))
                || !"code".equals(query.get("response_type"))
                || !"S256".equals(query.get("code_challenge_method"))
                || next == null) {
            send(exchange, 400, error("The client is unknown or the redirect URI does not match"));
            return;
        }
        String code = "mcode-" + UUID.randomUUID();
        CODES.put(code, new String[] {query.get("code_challenge"), query.get("redirect_uri")});
        CODE_USERS.put(code, next);
        StubHttp.redirectWithCode(exchange, query.get("redirect_uri"), code, query.get("state"));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form =
                StubHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        if (auth != null && auth.startsWith("Basic ")) {
            String[] pair =
                    new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
        }
        String[] app = clientId == null ? null : APPS.get(clientId);
        if (app == null || !app[0].equals(secret)) {
            send(
                    exchange,
                    401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed"
                            + " due to unknown client, no client authentication included, or unsupported authentication"
                            + " method.\"}");
            return;
        }
        String code = form.getOrDefault("code", "");
        String[] grant = CODES.remove(code);
        if (!"authorization_code".equals(form.get("grant_type"))
                || grant == null
                || !grant[1].equals(form.get("redirect_uri"))
                || !grant[0].equals(StubHttp.s256(form.getOrDefault("code_verifier", "")))) {
            send(
                    exchange,
                    400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"The provided authorization"
                            + " grant is invalid, expired, revoked, does not match the redirection URI used in the"
                            + " authorization request, or was issued to another client.\"}");
            return;
        }
        String token = "mtok-" + UUID.randomUUID();
        TOKENS.put(token, CODE_USERS.remove(code));
        send(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("access_token", token)
                        .put("token_type", "Bearer")
                        .put("scope", "read:accounts read:statuses write:statuses write:media")
                        .put("created_at", Instant.now().getEpochSecond())
                        .toString());
    }

    private void verify(HttpExchange exchange) throws IOException {
        User user = bearer(exchange);
        if (user == null) {
            send(exchange, 401, error("The access token is invalid"));
            return;
        }
        if (!readAllowed(exchange, user)) {
            return;
        }
        send(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("id", user.id)
                        .put("username", user.username)
                        .put("acct", user.username)
                        .put("display_name", user.username + " on the stub")
                        .put("avatar", base + "/avatars/" + user.id + ".png")
                        .put("url", base + "/@" + user.username)
                        .put("followers_count", user.followers)
                        .put("following_count", 12)
                        .put("statuses_count", user.posted.get())
                        .toString());
    }

    /** Counts a read against the token's window; answers 429 when it is used up. */
    private static boolean readAllowed(HttpExchange exchange, User user) throws IOException {
        int used = user.reads.incrementAndGet();
        exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(user.readLimit));
        exchange.getResponseHeaders()
                .add("X-RateLimit-Remaining", Integer.toString(Math.max(0, user.readLimit - used)));
        exchange.getResponseHeaders()
                .add("X-RateLimit-Reset", Instant.now().plusSeconds(120).toString());
        if (used > user.readLimit) {
            send(exchange, 429, error("Too many requests"));
            return false;
        }
        return true;
    }

    private void readStatus(HttpExchange exchange, User user) throws IOException {
        if (!readAllowed(exchange, user)) {
            return;
        }
        Status status = find(exchange.getRequestURI().getPath().substring("/api/v1/statuses/".length()));
        if (status == null) {
            send(exchange, 404, error("Record not found"));
            return;
        }
        send(exchange, 200, json(status));
    }

    private void upload(HttpExchange exchange) throws IOException {
        User user = bearer(exchange);
        if (user == null) {
            send(exchange, 401, error("The access token is invalid"));
            return;
        }
        Map<String, StubHttp.Part> form = StubHttp.multipart(exchange);
        StubHttp.Part file = form.get("file");
        if (file == null || file.content().length == 0) {
            send(exchange, 422, error("Validation failed: File can't be blank"));
            return;
        }
        String type = file.contentType().startsWith("image/gif")
                ? "gifv"
                : file.contentType().startsWith("image/")
                        ? "image"
                        : file.contentType().startsWith("video/") ? "video" : null;
        if (type == null) {
            send(exchange, 422, error("Validation failed: File content type is invalid"));
            return;
        }
        long limit = "image".equals(type) ? IMAGE_LIMIT : VIDEO_LIMIT;
        if (file.content().length > limit) {
            send(
                    exchange,
                    422,
                    error("Validation failed: File file size must be less than " + limit / 1024 / 1024 + " MB"));
            return;
        }
        StubHttp.Part description = form.get("description");
        if (description != null && description.text().length() > 1500) {
            send(exchange, 422, error("Validation failed: Description is too long (maximum is 1500 characters)"));
            return;
        }
        boolean processing = !"image".equals(type);
        Attachment attachment = new Attachment(
                Long.toString(109_000_000_000_000_000L + COUNTER.incrementAndGet()),
                user,
                type,
                file.contentType(),
                file.content(),
                description == null ? null : description.text(),
                processing ? Instant.now().plus(user.processing) : Instant.now());
        ATTACHMENTS.put(attachment.id(), attachment);
        send(exchange, processing ? 202 : 200, json(attachment));
    }

    private void media(HttpExchange exchange) throws IOException {
        User user = bearer(exchange);
        if (user == null) {
            send(exchange, 401, error("The access token is invalid"));
            return;
        }
        String id = exchange.getRequestURI().getPath().substring("/api/v1/media/".length());
        Attachment attachment = ATTACHMENTS.get(id);
        if (attachment == null || attachment.owner() != user) {
            send(exchange, 404, error("Record not found"));
            return;
        }
        send(exchange, attachment.processed() ? 200 : 206, json(attachment));
    }

    private static String json(Attachment attachment) {
        return node(attachment).toString();
    }

    private static ObjectNode node(Attachment attachment) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", attachment.id())
                .put("type", attachment.type())
                .put("description", attachment.description());
        if (attachment.processed()) {
            node.put("url", base + "/system/media_attachments/" + attachment.id());
        } else {
            node.putNull("url");
        }
        return node;
    }

    private void statuses(HttpExchange exchange) throws IOException {
        User user = bearer(exchange);
        if (user == null) {
            send(exchange, 401, error("The access token is invalid"));
            return;
        }
        if ("GET".equals(exchange.getRequestMethod())) {
            readStatus(exchange, user);
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null) {
            for (Status known : STATUSES) {
                if (known.author() == user && key.equals(known.idempotencyKey())) {
                    send(exchange, 200, json(known)); // the status this key already created
                    return;
                }
            }
        }
        if (user.unavailableFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 503, "<html><body>503 Service Unavailable</body></html>");
            return;
        }
        int used = user.posted.incrementAndGet();
        String reset = Instant.now().plusSeconds(3).toString();
        exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(user.postLimit));
        exchange.getResponseHeaders()
                .add("X-RateLimit-Remaining", Integer.toString(Math.max(0, user.postLimit - used)));
        exchange.getResponseHeaders().add("X-RateLimit-Reset", reset);
        if (used > user.postLimit) {
            send(exchange, 429, error("Too many requests"));
            return;
        }
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode mediaId : body.path("media_ids")) {
            Attachment attachment = ATTACHMENTS.get(mediaId.asText());
            if (attachment == null || attachment.owner() != user) {
                send(exchange, 422, error("Validation failed: Media attachments are invalid"));
                return;
            }
            if (!attachment.processed()) {
                send(
                        exchange,
                        422,
                        error("Cannot attach files that have not finished processing. Try again in a moment!"));
                return;
            }
            attachments.add(attachment);
        }
        if (attachments.size() > 4) {
            send(exchange, 422, error("Validation failed: Media attachments Cannot attach more than 4 files"));
            return;
        }
        String text = body.path("status").asText("");
        if ((text.isBlank() && attachments.isEmpty()) || text.codePointCount(0, text.length()) > 500) {
            send(
                    exchange,
                    422,
                    error(
                            text.isBlank()
                                    ? "Validation failed: Text can't be blank"
                                    : "Validation failed: Text character limit of 500 exceeded"));
            return;
        }
        String replyTo = body.path("in_reply_to_id").asText(null);
        if (replyTo != null && find(replyTo) == null) {
            send(exchange, 404, error("Record not found"));
            return;
        }
        Status status = new Status(
                Long.toString(110_000_000_000_000_000L + COUNTER.incrementAndGet()),
                user,
                text,
                replyTo,
                body.path("visibility").asText("public"),
                key,
                List.copyOf(attachments));
        STATUSES.add(status);
        if (user.stallNextPost) {
            user.stallNextPost = false;
            try {
                NEVER.await(60, TimeUnit.SECONDS); // created, but the answer never leaves
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        send(exchange, 200, json(status));
    }

    private static String json(Status status) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", status.id())
                .put("created_at", Instant.now().toString())
                .put("in_reply_to_id", status.inReplyTo())
                .put("visibility", status.visibility())
                .put("content", "<p>" + status.text() + "</p>")
                .put("uri", base + "/users/" + status.author().username + "/statuses/" + status.id())
                .put("url", base + "/@" + status.author().username + "/" + status.id());
        Counts counts = COUNTS.getOrDefault(status.id(), new Counts(0, 0, 0, 0));
        node.put("replies_count", counts.replies())
                .put("reblogs_count", counts.reblogs())
                .put("favourites_count", counts.favourites())
                .put("quotes_count", counts.quotes());
        node.putObject("account").put("id", status.author().id).put("username", status.author().username);
        status.attachments().forEach(a -> node.withArray("media_attachments").add(node(a)));
        return node.toString();
    }

    private static User bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth == null ? null : TOKENS.get(auth.replace("Bearer ", ""));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        StubHttp.send(exchange, status, "application/json; charset=utf-8", body);
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }
}
