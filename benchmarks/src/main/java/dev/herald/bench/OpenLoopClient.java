package dev.herald.bench;

import java.net.URI;
import java.util.function.IntConsumer;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The load generator's HTTP side: GETs sent from one Vert.x event loop over a fixed pool of keep-alive connections.
 *
 * <p>Why not the JDK {@code HttpClient}: on this 2-core machine the load generator shares the cores with the processes
 * it measures, so its own CPU per request is queueing time it adds to theirs. The JDK client spent 0.45–0.55 ms of CPU
 * per request (run 8, with the Kafka broker in the same JVM), more than the gateway itself (0.24–0.32 ms); it also
 * opened a connection per request in flight after a stall. One event loop with a bounded pool does the same work for a
 * fraction of that, and after a stall requests wait for a connection instead of opening new ones.
 */
final class OpenLoopClient implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient client;
    private final Context loop;

    OpenLoopClient(int connections) {
        vertx = Vertx.vertx(
                new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(connections)
                .setConnectTimeout(5_000));
        loop = vertx.getOrCreateContext();
    }

    /** A GET of {@code url} with {@code Authorization: Bearer <bearer>}, prepared once and sent many times. */
    static RequestOptions get(String url, String bearer) {
        URI uri = URI.create(url);
        return new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(uri.getHost())
                .setPort(uri.getPort())
                .setURI(uri.getRawPath())
                .putHeader("Authorization", "Bearer " + bearer)
                .setIdleTimeout(30_000);
    }

    /**
     * Sends the request on the event loop and reads the whole answer; {@code done} gets its status, or -1 if it failed.
     * Safe to call from any thread (the caller is the benchmark's sender thread, which keeps the schedule).
     */
    void send(RequestOptions request, IntConsumer done) {
        loop.runOnContext(ignored -> client.request(request)
                .compose(outgoing -> outgoing.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(result -> done.accept(result.succeeded() ? result.result() : -1)));
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
