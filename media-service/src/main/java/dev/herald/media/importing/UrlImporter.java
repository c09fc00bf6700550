package dev.herald.media.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;

import dev.herald.kit.error.ApiException;
import dev.herald.media.config.MediaConfig;

/**
 * Fetches a URL for media import into a temporary file, through {@link AddressGuard}: each hop is vetted and the
 * connection goes to the vetted address only (Vert.x's {@code server} option: the host name is kept for the
 * {@code Host} header, TLS SNI and certificate checks). Redirects are followed by hand, each one vetted again, at
 * most {@code max-redirects}; the whole import has one deadline and one size cap.
 */
@ApplicationScoped
public class UrlImporter {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final AddressGuard guard;
    private final MediaConfig.Import settings;
    private final HttpClient client;
    private final Vertx vertx;

    public UrlImporter(AddressGuard guard, MediaConfig config, Vertx vertx) {
        this.guard = guard;
        this.settings = config.importing();
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setForceSni(true)
                .setVerifyHost(true)
                .setKeepAlive(false)
                .setMaxRedirects(0);
        settings.trustCertificates()
                .ifPresent(pem -> options.setTrustOptions(new PemTrustOptions().addCertPath(pem.toString())));
        this.client = vertx.createHttpClient(options);
        this.vertx = vertx;
    }

    /** What an import brought: the bytes in {@code file} (the caller deletes it) and what the server claimed. */
    public record Fetched(Path file, long size, String claimedType, String finalUrl) {}

    /**
     * Fetches {@code url} (https only when {@code httpsOnly}) into a new temporary file of at most {@code maxBytes}.
     * Refusals and failures are 4xx {@link ApiException}s.
     */
    public Fetched fetch(String url, boolean httpsOnly, long maxBytes) {
        Instant deadline = Instant.now().plus(settings.timeout());
        String current = url;
        for (int hop = 0; ; hop++) {
            AddressGuard.Vetted vetted = guard.vet(current, httpsOnly);
            Hop result = get(vetted, deadline, maxBytes);
            if (result.location == null) {
                return new Fetched(result.file, result.size, result.claimedType, current);
            }
            if (hop >= settings.maxRedirects()) {
                throw new ApiException(
                        422,
                        "too_many_redirects",
                        "The URL redirected more than " + settings.maxRedirects() + " times.");
            }
            try {
                current = vetted.uri().resolve(result.location).toString();
            } catch (IllegalArgumentException e) {
                throw new ApiException(422, "import_failed", "The URL redirected to an invalid location.");
            }
        }
    }

    private record Hop(String location, Path file, long size, String claimedType) {}

    private Hop get(AddressGuard.Vetted vetted, Instant deadline, long maxBytes) {
        String path =
                vetted.uri().getRawPath() == null || vetted.uri().getRawPath().isEmpty()
                        ? "/"
                        : vetted.uri().getRawPath();
        if (vetted.uri().getRawQuery() != null) {
            path += "?" + vetted.uri().getRawQuery();
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(vetted.host())
                .setPort(vetted.port())
                .setSsl(vetted.https())
                .setURI(path)
                .setServer(SocketAddress.inetSocketAddress(
                        vetted.port(), vetted.address().getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(settings.connectTimeout().toMillis() * 2)
                .putHeader("User-Agent", "Herald-Media-Import/1.0")
                .putHeader("Accept", "image/*, video/*");
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Path temp;
        try {
            temp = Files.createTempFile("herald-import-", ".part");
        } catch (IOException e) {
            throw new IllegalStateException("No room for a temporary file", e);
        }
        // The chain is built on the event loop that reads the answer, so receive() pauses the response before that loop
        // can read its body. Built on this worker thread, the chain raced the loop: a small file over loopback could
        // arrive and end before receive() was attached, which then failed with "Response already ended" (seen in
        // MediaIT as a 503 on an import).
        Promise<Hop> fetched = Promise.promise();
        vertx.getOrCreateContext()
                .runOnContext(ignored -> client.request(options)
                        .compose(request -> {
                            sent.set(request);
                            return request.send();
                        })
                        .compose(response -> receive(response, temp, maxBytes))
                        .onComplete(fetched));
        Future<Hop> hop = fetched.future();
        long left = Duration.between(Instant.now(), deadline).toMillis();
        try {
            Hop result = hop.toCompletionStage().toCompletableFuture().get(Math.max(1, left), TimeUnit.MILLISECONDS);
            if (result.location != null) {
                Files.deleteIfExists(temp);
            }
            return result;
        } catch (TimeoutException e) {
            abort(sent.get(), temp);
            throw new ApiException(
                    422,
                    "import_timeout",
                    "The URL did not deliver within " + settings.timeout().toSeconds() + " s.");
        } catch (ExecutionException e) {
            abort(sent.get(), temp);
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(
                    422,
                    "import_failed",
                    "The URL could not be fetched: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            abort(sent.get(), temp);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Future<Hop> receive(HttpClientResponse response, Path temp, long maxBytes) {
        response.pause();
        int status = response.statusCode();
        if (REDIRECTS.contains(status)) {
            String location = response.getHeader("Location");
            response.request().reset();
            if (location == null || location.isBlank()) {
                return Future.failedFuture(
                        new ApiException(422, "import_failed", "The URL redirected without a Location."));
            }
            return Future.succeededFuture(new Hop(location, null, 0, null));
        }
        if (status != 200) {
            response.request().reset();
            return Future.failedFuture(
                    new ApiException(422, "import_failed", "The URL answered HTTP " + status + ", not 200."));
        }
        String length = response.getHeader("Content-Length");
        if (length != null
                && length.chars().allMatch(Character::isDigit)
                && !length.isEmpty()
                && Long.parseLong(length) > maxBytes) {
            response.request().reset();
            return Future.failedFuture(tooLarge(maxBytes));
        }
        String claimedType = response.getHeader("Content-Type");
        Promise<Hop> done = Promise.promise();
        vertx.fileSystem()
                .open(temp.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onFailure(done::tryFail)
                .onSuccess(file -> {
                    try {
                        copy(response, file, maxBytes, temp, claimedType, done);
                    } catch (RuntimeException e) {
                        // Fail the import now: an exception escaping here would leave the caller waiting out its
                        // whole timeout for an answer that never comes.
                        file.close();
                        response.request().reset();
                        done.tryFail(e);
                    }
                });
        return done.future();
    }

    private static void copy(
            HttpClientResponse response, AsyncFile file, long maxBytes, Path temp, String type, Promise<Hop> done) {
        long[] received = {0};
        response.handler(buffer -> {
            received[0] += buffer.length();
            if (received[0] > maxBytes) {
                response.handler(null);
                file.close();
                response.request().reset();
                done.tryFail(tooLarge(maxBytes));
                return;
            }
            file.write(buffer);
            if (file.writeQueueFull()) {
                response.pause();
                file.drainHandler(v -> response.resume());
            }
        });
        response.exceptionHandler(e -> {
            file.close();
            done.tryFail(e);
        });
        response.endHandler(v ->
                file.close().onComplete(closed -> done.tryComplete(new Hop(null, temp, received[0], type))));
        response.resume();
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "file_too_large", "The URL's file is larger than " + maxBytes + " bytes.");
    }

    private static void abort(HttpClientRequest request, Path temp) {
        if (request != null) {
            request.reset();
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a leftover temporary file; the OS cleans its temp folder
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
