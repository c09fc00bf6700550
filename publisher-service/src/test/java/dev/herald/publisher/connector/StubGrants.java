package dev.herald.publisher.connector;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;

/**
 * What the YouTube and TikTok stubs' authorization servers keep, as RFC 6749 and RFC 7636 describe it: single-use
 * codes bound to their PKCE challenge, access tokens, refresh tokens (rotating or not, as the platform does); and what
 * both upload endpoints need: the bytes received so far, and a way to lose an answer.
 *
 * @param <U> the platform's user (a channel, a creator)
 */
public final class StubGrants<U> {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private final Map<String, U> codes = new ConcurrentHashMap<>();
    private final Map<String, String> challenges = new ConcurrentHashMap<>();
    private final Map<String, U> access = new ConcurrentHashMap<>();
    private final Map<String, U> refresh = new ConcurrentHashMap<>();

    /** A single-use code for {@code user}, bound to the S256 challenge the consent page was given. */
    public String code(U user, String challenge) {
        String code = "code-" + UUID.randomUUID();
        codes.put(code, user);
        challenges.put(code, challenge);
        return code;
    }

    /** The user of a code, once, when the verifier matches its challenge; else null. */
    public U redeem(String code, String verifier) {
        String challenge = challenges.remove(code == null ? "" : code);
        U user = codes.remove(code == null ? "" : code);
        return challenge != null && verifier != null && challenge.equals(StubHttp.s256(verifier)) ? user : null;
    }

    public String accessToken(U user, String prefix) {
        String token = prefix + UUID.randomUUID();
        access.put(token, user);
        return token;
    }

    public String refreshToken(U user, String prefix) {
        String token = prefix + UUID.randomUUID();
        refresh.put(token, user);
        return token;
    }

    /** The user of a refresh token; a rotating platform's token works once. */
    public U refresh(String token, boolean rotating) {
        String key = token == null ? "" : token;
        return rotating ? refresh.remove(key) : refresh.get(key);
    }

    /** The user behind the request's {@code Authorization: Bearer}, or null. */
    public U bearer(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth == null ? null : access.get(auth.replace("Bearer ", ""));
    }

    /** Holds the request without an answer, as a connection that died would (the client's timeout ends it). */
    public static void stall(HttpExchange exchange) {
        try {
            NEVER.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    /** The bytes an upload received so far, written and read from several stub threads. */
    public static final class Received {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        public synchronized void add(byte[] part) {
            bytes.writeBytes(part);
        }

        public synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        public synchronized long size() {
            return bytes.size();
        }
    }
}
