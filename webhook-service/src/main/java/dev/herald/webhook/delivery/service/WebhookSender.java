package dev.herald.webhook.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import dev.herald.webhook.config.WebhookConfig;
import dev.herald.webhook.delivery.Attempt;
import dev.herald.webhook.endpoint.UrlGuard;

/**
 * One signed POST to a vetted address: connects to exactly that address (the Host header and TLS name stay the
 * URL's host), never follows a redirect, gives up after the request timeout, and keeps the first KB of the answer.
 * Non-blocking (Vert.x), so many slow endpoints cost no threads.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String USER_AGENT = "Herald-Webhooks/1.0";

    private final Vertx vertx;
    private final HttpClient client;
    private final long timeoutMillis;

    public WebhookSender(Vertx vertx, WebhookConfig config) {
        this.vertx = vertx;
        this.timeoutMillis = config.requestTimeout().toMillis();
        // The dispatcher limits requests per endpoint; the pool (per host and port) must not limit them again, or
        // endpoints of different tenants on one host would wait on each other's connections.
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.maxInFlight())
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(timeoutMillis, 10_000))
                .setVerifyHost(true)
                .setMaxRedirects(0)
                .setTryUseCompression(false));
    }

    /** What an attempt sent and got; {@code status} is null when no answer came (refused, reset, timeout). */
    public record Outcome(
            Map<String, String> requestHeaders,
            Integer status,
            String body,
            Duration retryAfter,
            String error,
            long durationMs) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** The request's headers, per Standard Webhooks. */
    public static Map<String, String> headers(String messageId, long timestamp, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", USER_AGENT);
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }

    /** Sends; the stage always completes normally, failures being described in the outcome. */
    public CompletionStage<Outcome> send(UrlGuard.Vetted target, Map<String, String> headers, String payload) {
        String host = target.uri().getHost();
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(
                        target.port(), target.address().getHostAddress()))
                .setHost(host)
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.target())
                .setFollowRedirects(false)
                .setConnectTimeout(Math.min(timeoutMillis, 10_000));
        headers.forEach(options::addHeader);

        long started = System.nanoTime();
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        long timer = vertx.setTimer(timeoutMillis, id -> {
            if (result.complete(new Outcome(
                    headers, null, null, null, "timeout after " + timeoutMillis + " ms", elapsed(started)))) {
                HttpClientRequest sent = request.get();
                if (sent != null) {
                    sent.reset();
                }
            }
        });
        // Started on a Vert.x context, not on the caller's (worker) thread: the callbacks below then run on that
        // context as the answer arrives, so the body and end handlers are set before the end is delivered. Chained from
        // a worker thread, the last callback could run as a later task, after an empty answer (a 204, a 410) had
        // already ended: the answer was lost and the attempt recorded as a timeout (seen on a loaded machine).
        vertx.runOnContext(ignored -> client.request(options)
                .compose(req -> {
                    request.set(req);
                    return req.send(Buffer.buffer(payload));
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        vertx.cancelTimer(timer);
                        result.complete(new Outcome(headers, null, null, null, describe(ar.cause()), elapsed(started)));
                        return;
                    }
                    read(ar.result(), headers, started, timer, result);
                }));
        return result;
    }

    private void read(
            HttpClientResponse response,
            Map<String, String> headers,
            long started,
            long timer,
            CompletableFuture<Outcome> result) {
        StringBuilder body = new StringBuilder();
        Duration retryAfter = retryAfter(response.getHeader("retry-after"));
        response.handler(chunk -> {
            if (body.length() < Attempt.MAX_BODY) {
                String text = chunk.toString();
                body.append(text, 0, Math.min(text.length(), Attempt.MAX_BODY - body.length()));
            }
        });
        response.exceptionHandler(e -> {
            vertx.cancelTimer(timer);
            result.complete(new Outcome(
                    headers, response.statusCode(), body.toString(), retryAfter, describe(e), elapsed(started)));
        });
        response.endHandler(v -> {
            vertx.cancelTimer(timer);
            result.complete(
                    new Outcome(headers, response.statusCode(), body.toString(), retryAfter, null, elapsed(started)));
        });
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration delay = Duration.between(Instant.now(), at);
                return delay.isNegative() ? Duration.ZERO : delay;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
