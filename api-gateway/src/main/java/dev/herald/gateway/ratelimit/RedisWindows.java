package dev.herald.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Sliding-window counters in Redis, shared by every gateway replica: one Lua script per request reads, rolls and
 * increments a bucket atomically, with the same arithmetic as {@link LocalWindows}. The caller's clock is passed in
 * (see docs/decisions/0004-redis-rate-limit.md).
 */
final class RedisWindows implements AutoCloseable {

    static final String KEY_PREFIX = "herald:rate-limit:";

    // KEYS[1]: the bucket's hash {s: window start, c: count in it, p: count in the window before}.
    // ARGV: now (epoch ms), limit, window length (ms). Returns {allowed 1/0, remaining, reset seconds}.
    static final String SCRIPT = """
            local now = tonumber(ARGV[1])
            local limit = tonumber(ARGV[2])
            local length = tonumber(ARGV[3])
            local state = redis.call('HMGET', KEYS[1], 's', 'c', 'p')
            local start = tonumber(state[1]) or -1
            local current = tonumber(state[2]) or 0
            local previous = tonumber(state[3]) or 0
            local aligned = now - (now % length)
            -- Forward only: a replica whose clock lags never rolls the shared window back.
            if aligned > start then
              if start == aligned - length then previous = current else previous = 0 end
              current = 0
              start = aligned
            end
            local elapsed = math.max(0, now - start)
            local estimate = previous * (length - elapsed) / length + current
            local reset = math.max(1, math.ceil((length - elapsed) / 1000))
            local allowed = 0
            local remaining = 0
            if estimate + 1 <= limit then
              allowed = 1
              current = current + 1
              remaining = math.max(0, math.floor(limit - estimate - 1))
            end
            redis.call('HSET', KEYS[1], 's', string.format('%d', start), 'c', current, 'p', previous)
            redis.call('PEXPIRE', KEYS[1], 2 * length)
            return {allowed, remaining, reset}
            """;

    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final Vertx vertx;
    private final Redis redis;
    private final long timeoutMillis;

    private RedisWindows(Vertx vertx, Redis redis, Duration timeout) {
        this.vertx = vertx;
        this.redis = redis;
        this.timeoutMillis = timeout.toMillis();
    }

    /**
     * A client of its own for {@code url} (connections are opened on first use and re-opened after a failure).
     * It runs on a private one-thread Vert.x: callers block on the answer, often from a Vert.x event loop, and a
     * connection bound to that same loop could never deliver it.
     */
    static RedisWindows connect(String url, Duration timeout) {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setUseDaemonThread(true));
        RedisOptions options =
                new RedisOptions().setConnectionString(url).setMaxPoolSize(16).setMaxPoolWaiting(256);
        options.getNetClientOptions().setConnectTimeout((int) Math.max(1, timeout.toMillis()));
        return new RedisWindows(vertx, Redis.createClient(vertx, options), timeout);
    }

    /**
     * Counts one request against {@code bucket} at {@code now} (epoch ms) in Redis, without blocking the caller.
     *
     * @return the decision, or a failure with {@link RedisUnavailableException} when Redis fails or does not answer
     *     within the timeout
     */
    CompletableFuture<RateLimiter.Decision> acquireAsync(String bucket, int limit, long length, long now) {
        String key = KEY_PREFIX + bucket;
        Future<Response> answer = redis.send(script(Command.EVALSHA, SCRIPT_SHA, key, now, limit, length))
                .recover(e -> isNoScript(e)
                        // Redis restarted or flushed its script cache: EVAL runs the script and caches it again.
                        ? redis.send(script(Command.EVAL, SCRIPT, key, now, limit, length))
                        : Future.failedFuture(e));
        return answer.toCompletionStage()
                .toCompletableFuture()
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .handle((reply, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        throw new RedisUnavailableException(
                                cause instanceof TimeoutException
                                        ? "no answer within " + timeoutMillis + " ms"
                                        : String.valueOf(cause.getMessage()),
                                cause);
                    }
                    boolean allowed = reply.get(0).toInteger() == 1;
                    return new RateLimiter.Decision(
                            allowed,
                            limit,
                            reply.get(1).toInteger(),
                            reply.get(2).toLong(),
                            length / 1000);
                });
    }

    /** {@link #acquireAsync}, waiting for the answer: for tests and checks, never on an event loop. */
    RateLimiter.Decision acquire(String bucket, int limit, long length, long now) {
        try {
            return acquireAsync(bucket, limit, length, now).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RedisUnavailableException unavailable
                    ? unavailable
                    : new RedisUnavailableException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /**
     * Checks that Redis answers, with a longer wait than requests get: the first call also connects and loads
     * the client's classes.
     */
    void ping(Duration timeout) {
        await(redis.send(Request.cmd(Command.PING)), timeout.toMillis());
    }

    @Override
    public void close() {
        redis.close();
        vertx.close();
    }

    private static Response await(Future<Response> answer, long timeoutMillis) {
        try {
            return answer.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RedisUnavailableException("no answer within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            throw new RedisUnavailableException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted", e);
        }
    }

    private static Request script(Command command, String script, String key, long now, int limit, long length) {
        return Request.cmd(command)
                .arg(script)
                .arg(1)
                .arg(key)
                .arg(now)
                .arg(limit)
                .arg(length);
    }

    private static boolean isNoScript(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    /** Redis failed or was too slow for this request. */
    static final class RedisUnavailableException extends RuntimeException {
        RedisUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
