package dev.herald.publisher.connector.linkedin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * {@code {status, serviceErrorCode?, code, message}}; 429 carries no reset header.
 */
public class LinkedInStub implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "li-client";
    static final String CLIENT_SECRET = "li-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A member signing in next, and how LinkedIn treats their posts. */
    static final class Member {
        final String sub = "m" + UUID.randomUUID().toString().substring(0, 8);
        final String name;
        volatile boolean throttled;
        final AtomicInteger unavailableFor = new AtomicInteger();
        volatile boolean stallNextPost;

        Member(String name) {
            this.name = name;
        }
    }

    /** A post as LinkedIn stored it, with the headers it came with. */
    record Post(String urn, Member author, JsonNode body, String version) {}

    static final List<Post> POSTS = new CopyOnWriteArrayList<>();
    private static final Map<String, Member> CODES = new ConcurrentHashMap<>();
    private static final Map<String, Member> TOKENS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong(7_100_000_000_000_000_000L);
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static volatile Member next;

    private HttpServer server;

    static Member nextMember(String name) {
        Member member = new Member(name);
        next = member;
        return member;
    }

    static long count(Member member) {
        return POSTS.stream().filter(p -> p.author() == member).count();
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.start(Map.of(
                "/oauth/v2/authorization", this::authorize,
                "/oauth/v2/accessToken", this::token,
                "/v2/userinfo", this::userinfo,
                "/rest/posts", this::posts));
        String base = StubHttp.baseUrl(server);
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
                "{\"access_token\":\"" + token + "\",\"expires_in\":5184000,\"scope\":\"email,openid,profile,"
                        + "w_member_social\",\"token_type\":\"Bearer\"}");
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
        Member member = bearer(exchange);
        if (member == null) {
            unauthorized(exchange);
            return;
        }
        String version = exchange.getRequestHeaders().getFirst("LinkedIn-Version");
        if (version == null || !version.matches("20\\d{4}") || version.compareTo("202411") < 0) {
            error(exchange, 426, "NONEXISTENT_VERSION", "Requested version " + version + " is not active");
            return;
        }
        if (!"2.0.0".equals(exchange.getRequestHeaders().getFirst("X-Restli-Protocol-Version"))) {
            error(exchange, 400, "ILLEGAL_ARGUMENT", "Restli protocol 2.0.0 is required");
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!("urn:li:person:" + member.sub).equals(body.path("author").asText())) {
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
        POSTS.add(new Post(urn, member, body, version));
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

    private static Member bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth == null ? null : TOKENS.get(auth.replace("Bearer ", ""));
    }

    private static void unauthorized(HttpExchange exchange) throws IOException {
        error(exchange, 401, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user");
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
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
