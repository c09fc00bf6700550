package dev.herald.publisher.connector.linkedin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.herald.publisher.connector.StubHttp;

/**
 * LinkedIn as documented, for the connector tests: the 3-legged OAuth flow with client credentials in the form
 * (https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow), the OpenID userinfo, and
 * the Posts API (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api): it
 * requires {@code LinkedIn-Version} (an inactive one is 426 NONEXISTENT_VERSION) and
 * {@code X-Restli-Protocol-Version: 2.0.0}, an author the token may post as, the distribution and lifecycle fields,
 * and answers 201 with an empty body and the URN in {@code x-restli-id}. Errors are
 * {@code {status, serviceErrorCode?, code, message}}; 429 carries no reset header. A post's images and videos must be
 * the author's available ones, uploaded through the Images and Videos APIs ({@link LinkedInMediaStub}).
 * An author or owner may be the member or, with {@code w_organization_social}, a page they administer
 * ({@link LinkedInOrganizationStub}, which also serves the organization's statistics).
 */
public class LinkedInStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "li-client";
    static final String CLIENT_SECRET = "li-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A member signing in next, and how LinkedIn treats their posts. */
    public static final class Member {
        final String sub = "m" + UUID.randomUUID().toString().substring(0, 8);
        final String name;
        volatile boolean throttled;
        final AtomicInteger unavailableFor = new AtomicInteger();
        volatile boolean stallNextPost;
        /** The part size of this member's video uploads (LinkedIn's is 4 MiB). */
        public volatile long videoPartBytes = 4_194_304;
        /** Status reads of a finalized video that still say {@code PROCESSING}. */
        public volatile int videoProcessingPolls;
        /** Status reads of an uploaded image that still say {@code PROCESSING}. */
        public volatile int imageProcessingPolls;
        /** The next finalizeUpload is processed (the video finalized), then its answer never comes. */
        public volatile boolean stallFinalizeAnswer;
        /** The scopes the consent page granted. */
        volatile List<String> granted = List.of();
        /** The company pages this member administers. */
        final List<LinkedInOrganizationStub.Organization> administers = new CopyOnWriteArrayList<>();

        Member(String name) {
            this.name = name;
        }
    }

    /** A post as LinkedIn stored it, with the headers it came with. */
    public record Post(String urn, Member author, JsonNode body, String version) {

        /** The bytes of the post's images as LinkedIn received them, in order. */
        public List<byte[]> imageBytes() {
            List<byte[]> bytes = new ArrayList<>();
            JsonNode content = body.path("content");
            if (content.has("media")) {
                bytes.add(LinkedInMediaStub.IMAGES.get(
                                content.path("media").path("id").asText())
                        .bytes);
            }
            content.path("multiImage")
                    .path("images")
                    .forEach(i ->
                            bytes.add(LinkedInMediaStub.IMAGES.get(i.path("id").asText()).bytes));
            return bytes;
        }
    }

    /** How many times each of the member's images was uploaded, by URN. */
    public static Map<String, Integer> imageUploadsOf(Member member) {
        Map<String, Integer> uploads = new java.util.TreeMap<>();
        LinkedInMediaStub.IMAGES.values().stream()
                .filter(i -> i.owner == member)
                .forEach(i -> uploads.put(i.urn, i.puts.get()));
        return uploads;
    }

    /** A video of the Videos API: its parts as they arrived, their ETags, and whether the upload was finalized. */
    public static final class Video {
        public final String urn = "urn:li:video:C5F10AQ" + IDS.incrementAndGet();
        public final Member owner;
        final long size;
        final long partBytes;
        final String token = UUID.randomUUID().toString();
        final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
        final Map<Integer, String> etags = new ConcurrentHashMap<>();
        public volatile boolean finalized;
        /** Every PUT of a part, by part index, in arrival order. */
        public final List<Integer> puts = new CopyOnWriteArrayList<>();

        volatile int polls;

        Video(Member owner, long size) {
            this.owner = owner;
            this.size = size;
            this.partBytes = owner.videoPartBytes;
        }

        int partCount() {
            return (int) ((size + partBytes - 1) / partBytes);
        }

        /** The file as the parts make it. */
        public byte[] bytes() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < partCount(); i++) {
                out.writeBytes(parts.getOrDefault(i, new byte[0]));
            }
            return out.toByteArray();
        }

        String status() {
            if (!finalized) {
                return "WAITING_UPLOAD";
            }
            return polls++ < owner.videoProcessingPolls ? "PROCESSING" : "AVAILABLE";
        }
    }

    public static final Map<String, Video> VIDEOS = new ConcurrentHashMap<>();

    public static List<Video> videosOf(Member member) {
        return VIDEOS.values().stream().filter(v -> v.owner == member).toList();
    }

    static volatile String base;

    public static final List<Post> POSTS = new CopyOnWriteArrayList<>();
    private static final Map<String, Member> CODES = new ConcurrentHashMap<>();
    private static final Map<String, Member> TOKENS = new ConcurrentHashMap<>();
    static final AtomicLong IDS = new AtomicLong(7_100_000_000_000_000_000L);
    static final CountDownLatch NEVER = new CountDownLatch(1);
    private static volatile Member next;

    private HttpServer server;

    /** A company page the member administers. */
    static LinkedInOrganizationStub.Organization administer(Member member, String name) {
        var organization =
                new LinkedInOrganizationStub.Organization(Long.toString(IDS.incrementAndGet() % 100_000_000), name);
        LinkedInOrganizationStub.ORGANIZATIONS.put(organization.id, organization);
        member.administers.add(organization);
        return organization;
    }

    public static Member nextMember(String name) {
        Member member = new Member(name);
        next = member;
        return member;
    }

    static long count(Member member) {
        return POSTS.stream().filter(p -> p.author() == member).count();
    }

    @Override
    public Map<String, String> start() {
        Map<String, com.sun.net.httpserver.HttpHandler> routes = new java.util.HashMap<>(Map.of(
                "/oauth/v2/authorization", this::authorize,
                "/oauth/v2/accessToken", this::token,
                "/v2/userinfo", this::userinfo,
                "/rest/posts", this::posts));
        routes.putAll(LinkedInMediaStub.routes());
        routes.putAll(LinkedInOrganizationStub.routes());
        server = StubHttp.start(routes);
        base = StubHttp.baseUrl(server);
        return Map.of(
                "herald.publisher.apps.linkedin.client-id",
                CLIENT_ID,
                "herald.publisher.apps.linkedin.client-secret",
                CLIENT_SECRET,
                "herald.publisher.apps.linkedin.authorize-url",
                base + "/oauth/v2/authorization",
                "herald.publisher.apps.linkedin.token-url",
                base + "/oauth/v2/accessToken",
                "herald.publisher.apps.linkedin.api-base-url",
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
                || !"code".equals(query.get("response_type"))
                || !query.getOrDefault("scope", "").contains("w_member_social")
                || query.get("state") == null
                || next == null) {
            StubHttp.send(exchange, 400, "text/html", "<html>invalid request</html>");
            return;
        }
        String code = "licode-" + UUID.randomUUID();
        next.granted = LinkedInOrganizationStub.scopes(query.get("scope"));
        CODES.put(code, next);
        StubHttp.redirectWithCode(exchange, query.get("redirect_uri"), code, query.get("state"));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form =
                StubHttp.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            StubHttp.send(
                    exchange,
                    401,
                    "application/json",
                    "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
            return;
        }
        Member member = CODES.remove(form.getOrDefault("code", ""));
        if (!"authorization_code".equals(form.get("grant_type")) || member == null) {
            StubHttp.send(
                    exchange,
                    400,
                    "application/json",
                    "{\"error\":\"invalid_request\",\"error_description\":\"Unable to retrieve access token:"
                            + " appid/redirect uri/code verifier does not match authorization code.\"}");
            return;
        }
        String token = "litok-" + UUID.randomUUID();
        TOKENS.put(token, member);
        StubHttp.send(
                exchange,
                200,
                "application/json",
                "{\"access_token\":\"" + token + "\",\"expires_in\":5184000,\"scope\":\""
                        + String.join(",", member.granted) + "\",\"token_type\":\"Bearer\"}");
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        Member member = bearer(exchange);
        if (member == null) {
            unauthorized(exchange);
            return;
        }
        StubHttp.send(
                exchange,
                200,
                "application/json",
                JSON.createObjectNode()
                        .put("sub", member.sub)
                        .put("name", member.name)
                        .put("given_name", member.name.split(" ")[0])
                        .put("picture", "https://media.licdn.com/dms/image/" + member.sub)
                        .put("locale", "en_US")
                        .toString());
    }

    private void posts(HttpExchange exchange) throws IOException {
        Member member = versioned(exchange);
        if (member == null) {
            return;
        }
        if (!"2.0.0".equals(exchange.getRequestHeaders().getFirst("X-Restli-Protocol-Version"))) {
            error(exchange, 400, "ILLEGAL_ARGUMENT", "Restli protocol 2.0.0 is required");
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!LinkedInOrganizationStub.mayActAs(member, body.path("author").asText())) {
            error(exchange, 403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.CREATE");
            return;
        }
        if (!body.hasNonNull("commentary")
                || !"MAIN_FEED"
                        .equals(body.path("distribution")
                                .path("feedDistribution")
                                .asText())
                || !"PUBLISHED".equals(body.path("lifecycleState").asText())
                || !body.hasNonNull("visibility")) {
            error(exchange, 422, "UNPROCESSABLE_ENTITY", "/commentary :: field is required but not found");
            return;
        }
        String imageProblem = LinkedInMediaStub.imageProblem(body.path("content"), member);
        if (imageProblem != null) {
            error(exchange, 422, "UNPROCESSABLE_ENTITY", imageProblem);
            return;
        }
        if (body.get("commentary").asText().length() > 3000) {
            error(exchange, 422, "UNPROCESSABLE_ENTITY", "/commentary :: length 3001 exceeds the maximum 3000");
            return;
        }
        if (member.throttled) {
            error(
                    exchange,
                    429,
                    "TOO_MANY_REQUESTS",
                    "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.");
            return;
        }
        if (member.unavailableFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(exchange, 500, "INTERNAL_SERVER_ERROR", "Internal Server Error");
            return;
        }
        String urn = "urn:li:share:" + IDS.incrementAndGet();
        POSTS.add(new Post(urn, member, body, exchange.getRequestHeaders().getFirst("LinkedIn-Version")));
        if (member.stallNextPost) {
            member.stallNextPost = false;
            try {
                NEVER.await(60, TimeUnit.SECONDS); // created, the answer never leaves
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("x-restli-id", urn);
        exchange.sendResponseHeaders(201, -1);
        exchange.close();
    }

    /** The member behind the bearer token, on an active {@code LinkedIn-Version}; null once answered otherwise. */
    static Member versioned(HttpExchange exchange) throws IOException {
        Member member = bearer(exchange);
        if (member == null) {
            unauthorized(exchange);
            return null;
        }
        String version = exchange.getRequestHeaders().getFirst("LinkedIn-Version");
        if (version == null || !version.matches("20\\d{4}") || version.compareTo("202411") < 0) {
            error(exchange, 426, "NONEXISTENT_VERSION", "Requested version " + version + " is not active");
            return null;
        }
        return member;
    }

    static Member bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth == null ? null : TOKENS.get(auth.replace("Bearer ", ""));
    }

    private static void unauthorized(HttpExchange exchange) throws IOException {
        error(exchange, 401, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user");
    }

    static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        StubHttp.send(
                exchange,
                status,
                "application/json",
                JSON.createObjectNode()
                        .put("status", status)
                        .put("code", code)
                        .put("message", message)
                        .toString());
    }
}
