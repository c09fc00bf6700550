package dev.herald.publisher.connector.bluesky;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubHttp;

/**
 * A PDS's XRPC endpoints as documented, for the Bluesky tests — a contract stub, not a PDS. It checks what a PDS
 * checks and answers its shapes and errors ({@code {"error": "Name", "message": "..."}},
 * https://atproto.com/specs/xrpc):
 * <ul>
 *   <li>{@code com.atproto.server.createSession} (https://docs.bsky.app/docs/api/com-atproto-server-create-session):
 *       handle or DID + password, 401 AuthenticationRequired "Invalid identifier or password"; HS256 JWTs whose
 *       {@code exp} is the only statement of their lifetime;
 *   <li>{@code com.atproto.server.refreshSession}: the refresh JWT as bearer, no body (400 InvalidRequest on one),
 *       rotated on use; a spent, revoked or expired one is 400 ExpiredToken;
 *   <li>{@code com.atproto.repo.createRecord} (https://docs.bsky.app/docs/api/com-atproto-repo-create-record): the
 *       access JWT (400 ExpiredToken once past {@code exp}, 401 AuthenticationRequired without one), {@code repo} the
 *       token's DID, a TID {@code rkey}, the {@code app.bsky.feed.post} lexicon (text of at most 300 graphemes and
 *       3,000 bytes, ISO createdAt, facets on UTF-8 byte ranges inside the text with known features, reply strong
 *       refs, external embed, at most 3 langs), 400 InvalidRequest otherwise; one record per key (a repeat is a 500,
 *       as the reference PDS answers); 429 RateLimitExceeded with {@code RateLimit-*} and {@code Retry-After};
 *   <li>{@code com.atproto.repo.uploadBlob} (https://docs.bsky.app/docs/api/com-atproto-repo-upload-blob): the raw
 *       bytes with their Content-Type, answered as a blob ref ({@code {"blob": {"$type": "blob", "ref": {"$link":
 *       cid}, "mimeType", "size"}}}); an {@code app.bsky.embed.images} embed (1 to 4 images, alt text, image blobs of
 *       this repo up to 1,000,000 bytes of an image type) is checked against them;
 *   <li>{@code com.atproto.repo.getRecord}: 400 RecordNotFound when absent;
 *       {@code com.atproto.identity.resolveHandle}: 400 HandleNotFound "Unable to resolve handle";
 *       {@code app.bsky.actor.getProfile} for the display name and {@code followersCount};
 *   <li>{@code app.bsky.feed.getPosts} (https://docs.bsky.app/docs/api/app-bsky-feed-get-posts), as the PDS proxies it
 *       to the AppView with the access JWT: {@code {"posts": [postView]}} with {@code likeCount}, {@code repostCount},
 *       {@code replyCount}, {@code quoteCount} and {@code bookmarkCount}, a post that does not exist left out; reads
 *       answer 429 RateLimitExceeded with {@code RateLimit-Reset} while the account's reads are limited.
 * </ul>
 */
public class BlueskyPdsStub implements QuarkusTestResourceLifecycleManager {

    static final String POST = "app.bsky.feed.post";

    /** An account hosted here, and how the test wants the PDS to treat it. */
    public static final class Account {
        public final String handle;
        final String did =
                "did:plc:" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        public final String appPassword =
                "abcd-efgh-ijkl-" + UUID.randomUUID().toString().substring(0, 4);
        final String displayName;
        /** Seconds the first session's access JWT lives (inside the 10-minute refresh lead: refreshed at once). */
        volatile long firstAccessLifetime = 7200;

        volatile long accessLifetime = 7200;
        /** Refresh JWTs are refused (expired): Herald must sign in again with the app password. */
        volatile boolean refreshExpired;
        /** The user revoked the app password: sign-ins are refused. */
        volatile boolean passwordRevoked;
        /** Access JWTs are refused as expired on writes (the session was revoked under Herald). */
        volatile boolean accessRejected;
        /** Reads ({@code getPosts}) are refused with 429 until then (epoch seconds). */
        volatile long readsLimitedUntil;

        volatile long followers;
        /** Writes are refused with 429 until then (epoch seconds). */
        volatile long rateLimitedUntil;
        /** The next n writes answer 503 without writing. */
        final AtomicInteger unavailableFor = new AtomicInteger();
        /** The next n writes are written, then answered 500. */
        final AtomicInteger failAfterWrite = new AtomicInteger();
        /** The next write is written, then its answer never comes (until the test ends). */
        volatile boolean stallNextWrite;

        final AtomicInteger createSessionCalls = new AtomicInteger();
        final AtomicInteger sessionsIssued = new AtomicInteger();
        final AtomicInteger refreshCalls = new AtomicInteger();
        final AtomicInteger writeCalls = new AtomicInteger();

        Account(String handle, String displayName) {
            this.handle = handle;
            this.displayName = displayName;
        }
    }

    /** The counts the AppView shows for a post. */
    public record Counts(long likes, long reposts, long replies, long quotes, long bookmarks) {}

    /** Counts by post URI; a post without an entry shows zeros. */
    public static final Map<String, Counts> COUNTS = new ConcurrentHashMap<>();

    /** A record as the repo holds it. */
    public record Stored(Account author, String rkey, String uri, String cid, JsonNode value) {

        public String text() {
            return value.path("text").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Account> BY_HANDLE = new ConcurrentHashMap<>();
    private static final Map<String, Account> BY_DID = new ConcurrentHashMap<>();
    private static final Map<String, Account> REFRESH = new ConcurrentHashMap<>();
    /** Every record written, in order: what the PDS's repos hold. */
    public static final List<Stored> RECORDS = new CopyOnWriteArrayList<>();

    /** An uploaded blob: its bytes as received, and whose repo it is in. */
    public record Blob(Account owner, String cid, String mimeType, byte[] bytes) {}

    /** Blobs by CID. */
    public static final Map<String, Blob> BLOBS = new ConcurrentHashMap<>();

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private HttpServer server;

    /** Creates an account on this PDS. */
    public static Account account(String handle) {
        Account account = new Account(handle, handle.split("\\.")[0] + " (display)");
        BY_HANDLE.put(handle, account);
        BY_DID.put(account.did, account);
        return account;
    }

    static List<Stored> records(Account author) {
        return RECORDS.stream().filter(r -> r.author() == author).toList();
    }

    public static Stored find(String uri) {
        return RECORDS.stream().filter(r -> r.uri().equals(uri)).findFirst().orElse(null);
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of("/xrpc/", this::xrpc));
        Map<String, String> config = new HashMap<>();
        config.put("herald.publisher.apps.bluesky.api-base-url", baseUrl());
        // A stalled call becomes an unknown outcome within seconds.
        config.put("herald.publisher.platform-timeout", "2s");
        // No media-service runs beside these tests: a closed port, so fetching a post's files fails fast.
        config.put("herald.publisher.media.service-url", "http://127.0.0.1:1");
        return config;
    }

    public String baseUrl() {
        return StubHttp.baseUrl(server);
    }

    @Override
    public void stop() {
        NEVER.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private void xrpc(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/xrpc/".length());
        boolean post = "POST".equals(exchange.getRequestMethod());
        switch (method) {
            case "com.atproto.server.createSession" -> expect(exchange, post, () -> createSession(exchange));
            case "com.atproto.server.refreshSession" -> expect(exchange, post, () -> refreshSession(exchange));
            case "com.atproto.repo.createRecord" -> expect(exchange, post, () -> createRecord(exchange));
            case "com.atproto.repo.getRecord" -> expect(exchange, !post, () -> getRecord(exchange));
            case "com.atproto.repo.uploadBlob" -> expect(exchange, post, () -> uploadBlob(exchange));
            case "com.atproto.identity.resolveHandle" -> expect(exchange, !post, () -> resolveHandle(exchange));
            case "app.bsky.actor.getProfile" -> expect(exchange, !post, () -> getProfile(exchange));
            case "app.bsky.feed.getPosts" -> expect(exchange, !post, () -> getPosts(exchange));
            default -> error(exchange, 501, "MethodNotImplemented", "Method Not Implemented");
        }
    }

    private interface Handler {
        void handle() throws IOException;
    }

    private static void expect(HttpExchange exchange, boolean rightMethod, Handler handler) throws IOException {
        if (!rightMethod) {
            error(exchange, 400, "InvalidRequest", "Incorrect HTTP method (" + exchange.getRequestMethod() + ")");
            return;
        }
        handler.handle();
    }

    private void createSession(HttpExchange exchange) throws IOException {
        JsonNode body = jsonBody(exchange);
        if (body == null
                || !body.path("identifier").isTextual()
                || !body.path("password").isTextual()) {
            error(exchange, 400, "InvalidRequest", "Input must have the property \"identifier\"");
            return;
        }
        String identifier = body.get("identifier").asText().toLowerCase();
        Account account = identifier.startsWith("did:") ? BY_DID.get(identifier) : BY_HANDLE.get(identifier);
        if (account != null) {
            account.createSessionCalls.incrementAndGet();
        }
        if (account == null
                || account.passwordRevoked
                || !account.appPassword.equals(body.get("password").asText())) {
            error(exchange, 401, "AuthenticationRequired", "Invalid identifier or password");
            return;
        }
        boolean first = account.sessionsIssued.incrementAndGet() == 1;
        session(exchange, account, first ? account.firstAccessLifetime : account.accessLifetime);
    }

    private void refreshSession(HttpExchange exchange) throws IOException {
        if (exchange.getRequestBody().readAllBytes().length > 0) {
            error(exchange, 400, "InvalidRequest", "A request body was provided when none was expected");
            return;
        }
        String token = bearer(exchange);
        Account account = token == null ? null : REFRESH.get(token);
        if (account != null) {
            account.refreshCalls.incrementAndGet();
        }
        if (token == null) {
            error(exchange, 401, "AuthenticationRequired", "Authentication Required");
            return;
        }
        if (account == null
                || account.refreshExpired
                || !"com.atproto.refresh"
                        .equals(PdsJwts.claims(token).path("scope").asText())) {
            error(exchange, 400, "ExpiredToken", "Token has been revoked");
            return;
        }
        REFRESH.remove(token); // rotated: a refresh JWT is good once
        session(exchange, account, account.accessLifetime);
    }

    private void session(HttpExchange exchange, Account account, long accessLifetime) throws IOException {
        long now = Instant.now().getEpochSecond();
        String access = PdsJwts.sign("at+jwt", account.did, "com.atproto.appPass", now, now + accessLifetime);
        String refresh = PdsJwts.sign("refresh+jwt", account.did, "com.atproto.refresh", now, now + 90L * 24 * 3600);
        REFRESH.put(refresh, account);
        ObjectNode answer = JSON.createObjectNode()
                .put("did", account.did)
                .put("handle", account.handle)
                .put("accessJwt", access)
                .put("refreshJwt", refresh)
                .put("active", true);
        send(exchange, 200, answer);
    }

    private void uploadBlob(HttpExchange exchange) throws IOException {
        Account account = authorized(exchange);
        if (account == null) {
            return;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length > 5_000_000) {
            error(
                    exchange,
                    400,
                    "BlobTooLarge",
                    "This file is too large. It is " + bytes.length + " bytes, but the maximum size is 5000000 bytes.");
            return;
        }
        String cid;
        try {
            cid = "bafkrei"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String mimeType = type == null ? "application/octet-stream" : type.split(";")[0].trim();
        BLOBS.put(cid, new Blob(account, cid, mimeType, bytes));
        ObjectNode blob = JSON.createObjectNode();
        blob.putObject("blob")
                .put("$type", "blob")
                .put("mimeType", mimeType)
                .put("size", bytes.length)
                .putObject("ref")
                .put("$link", cid);
        send(exchange, 200, blob);
    }

    private void createRecord(HttpExchange exchange) throws IOException {
        Account account = authorized(exchange);
        if (account == null) {
            return;
        }
        account.writeCalls.incrementAndGet();
        long now = Instant.now().getEpochSecond();
        exchange.getResponseHeaders().add("RateLimit-Limit", "5000");
        exchange.getResponseHeaders().add("RateLimit-Policy", "5000;w=3600");
        if (account.rateLimitedUntil > now) {
            exchange.getResponseHeaders().add("RateLimit-Remaining", "0");
            exchange.getResponseHeaders().add("RateLimit-Reset", Long.toString(account.rateLimitedUntil));
            exchange.getResponseHeaders().add("Retry-After", Long.toString(account.rateLimitedUntil - now));
            error(exchange, 429, "RateLimitExceeded", "Rate Limit Exceeded");
            return;
        }
        exchange.getResponseHeaders().add("RateLimit-Remaining", "4997");
        exchange.getResponseHeaders().add("RateLimit-Reset", Long.toString(now + 3600));
        JsonNode body = jsonBody(exchange);
        String problem = body == null ? "Request body must be JSON" : PostLexicon.problem(body, account);
        if (problem != null) {
            error(exchange, 400, "InvalidRequest", problem);
            return;
        }
        if (account.unavailableFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(exchange, 503, "NotEnoughResources", "Service Unavailable");
            return;
        }
        String rkey = body.hasNonNull("rkey") ? body.get("rkey").asText() : Tids.of(now * 1_000_000, 0);
        String uri = "at://" + account.did + "/" + POST + "/" + rkey;
        Stored stored = new Stored(account, rkey, uri, PostLexicon.cid(body.get("record")), body.get("record"));
        synchronized (RECORDS) {
            if (find(uri) != null) {
                // The repo already has this key: the write fails inside the PDS.
                error(exchange, 500, "InternalServerError", "Internal Server Error");
                return;
            }
            RECORDS.add(stored);
        }
        if (account.failAfterWrite.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(exchange, 500, "InternalServerError", "Internal Server Error");
            return;
        }
        if (account.stallNextWrite) {
            account.stallNextWrite = false;
            try {
                // Written, but the answer never leaves: the client times out not knowing.
                NEVER.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("uri", uri).put("cid", stored.cid());
        answer.putObject("commit").put("cid", PostLexicon.cid(answer)).put("rev", Tids.of(now * 1_000_000, 1));
        answer.put("validationStatus", "valid");
        send(exchange, 200, answer);
    }

    private void getRecord(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        Account account = BY_DID.getOrDefault(query.getOrDefault("repo", ""), BY_HANDLE.get(query.get("repo")));
        if (account == null) {
            error(exchange, 400, "InvalidRequest", "Could not find repo: " + query.get("repo"));
            return;
        }
        String uri = "at://" + account.did + "/" + query.get("collection") + "/" + query.get("rkey");
        Stored stored = find(uri);
        if (stored == null) {
            error(exchange, 400, "RecordNotFound", "Could not locate record: " + uri);
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("uri", uri).put("cid", stored.cid());
        answer.set("value", stored.value());
        send(exchange, 200, answer);
    }

    private void resolveHandle(HttpExchange exchange) throws IOException {
        Account account = BY_HANDLE.get(query(exchange).getOrDefault("handle", ""));
        if (account == null) {
            error(exchange, 400, "HandleNotFound", "Unable to resolve handle");
            return;
        }
        send(exchange, 200, JSON.createObjectNode().put("did", account.did));
    }

    private void getProfile(HttpExchange exchange) throws IOException {
        if (authorized(exchange) == null) {
            return;
        }
        Account account = BY_DID.get(query(exchange).getOrDefault("actor", ""));
        if (account == null) {
            error(exchange, 400, "InvalidRequest", "Profile not found");
            return;
        }
        send(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("did", account.did)
                        .put("handle", account.handle)
                        .put("displayName", account.displayName)
                        .put("followersCount", account.followers)
                        .put("followsCount", 3)
                        .put("postsCount", records(account).size()));
    }

    private void getPosts(HttpExchange exchange) throws IOException {
        Account reader = authorized(exchange);
        if (reader == null) {
            return;
        }
        long now = Instant.now().getEpochSecond();
        exchange.getResponseHeaders().add("RateLimit-Limit", "3000");
        exchange.getResponseHeaders().add("RateLimit-Policy", "3000;w=300");
        if (reader.readsLimitedUntil > now) {
            exchange.getResponseHeaders().add("RateLimit-Remaining", "0");
            exchange.getResponseHeaders().add("RateLimit-Reset", Long.toString(reader.readsLimitedUntil));
            error(exchange, 429, "RateLimitExceeded", "Rate Limit Exceeded");
            return;
        }
        String uris = query(exchange).get("uris");
        if (uris == null || uris.isBlank()) {
            error(exchange, 400, "InvalidRequest", "Error: Params must have the property \"uris\"");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        var posts = answer.putArray("posts");
        Stored stored = find(uris);
        if (stored != null) {
            Counts counts = COUNTS.getOrDefault(stored.uri(), new Counts(0, 0, 0, 0, 0));
            ObjectNode view = posts.addObject().put("uri", stored.uri()).put("cid", stored.cid());
            view.putObject("author")
                    .put("did", stored.author().did)
                    .put("handle", stored.author().handle)
                    .put("displayName", stored.author().displayName);
            view.set("record", stored.value());
            view.put("replyCount", counts.replies())
                    .put("repostCount", counts.reposts())
                    .put("likeCount", counts.likes())
                    .put("quoteCount", counts.quotes())
                    .put("bookmarkCount", counts.bookmarks())
                    .put("indexedAt", Instant.now().toString());
            view.putArray("labels");
        }
        send(exchange, 200, answer);
    }

    /** The access JWT's account; otherwise the error has been answered and null is returned. */
    private static Account authorized(HttpExchange exchange) throws IOException {
        String token = bearer(exchange);
        if (token == null) {
            error(exchange, 401, "AuthenticationRequired", "Authentication Required");
            return null;
        }
        JsonNode claims = PdsJwts.claims(token);
        Account account = BY_DID.get(claims.path("sub").asText());
        if (account == null
                || !"com.atproto.appPass".equals(claims.path("scope").asText())) {
            error(exchange, 400, "InvalidToken", "Bad token scope");
            return null;
        }
        if (claims.path("exp").asLong() <= Instant.now().getEpochSecond() || account.accessRejected) {
            error(exchange, 400, "ExpiredToken", "Token has expired");
            return null;
        }
        return account;
    }

    private static String bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth == null || !auth.startsWith("Bearer ") ? null : auth.substring("Bearer ".length());
    }

    private static JsonNode jsonBody(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        try {
            return type != null && type.startsWith("application/json")
                    ? JSON.readTree(exchange.getRequestBody())
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return StubHttp.form(exchange.getRequestURI().getRawQuery());
    }

    private static void error(HttpExchange exchange, int status, String error, String message) throws IOException {
        send(exchange, status, JSON.createObjectNode().put("error", error).put("message", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        StubHttp.send(exchange, status, "application/json; charset=utf-8", body.toString());
    }
}
