package dev.herald.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.herald.kit.id.Ids;

/**
 * Public, without an API key: {@code GET /v1/openapi.json} (the merged document) and {@code GET /docs} (Swagger UI,
 * served from its webjar: no CDN).
 */
@ApplicationScoped
public class OpenApiRoutes {

    public static final String DOCUMENT_PATH = "/v1/openapi.json";
    public static final String DOCS_PATH = "/docs";
    /** Before the proxy's {@code /v1/*} catch-all, which would ask for a key. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1;

    private static final Logger LOG = Logger.getLogger(OpenApiRoutes.class);
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** The Swagger UI files the page needs, and their content types. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Herald API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
              <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script src="/docs/swagger-ui-standalone-preset.js"></script>
              <script>
                window.ui = SwaggerUIBundle({
                  url: "%s",
                  dom_id: "#swagger-ui",
                  deepLinking: true,
                  persistAuthorization: true,
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                  layout: "StandaloneLayout"
                });
              </script>
            </body>
            </html>
            """.formatted(DOCUMENT_PATH);

    private final OpenApiDocuments documents;
    private final Vertx vertx;

    public OpenApiRoutes(OpenApiDocuments documents, Vertx vertx) {
        this.documents = documents;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        router.get(DOCUMENT_PATH).order(ORDER).handler(this::document);
        router.get(DOCS_PATH)
                .order(ORDER)
                .handler(ctx -> ctx.response()
                        .putHeader("content-type", "text/html; charset=utf-8")
                        .end(PAGE));
        String webjar = WEBJAR + webjarVersion() + "/";
        router.get(DOCS_PATH + "/:file").order(ORDER).handler(ctx -> asset(ctx, webjar));
    }

    private void document(RoutingContext ctx) {
        String requestId = Ids.newId("req");
        ctx.response().putHeader("X-Request-Id", requestId);
        // Fetching the services' documents blocks: never on the event loop.
        vertx.executeBlocking(documents::document, false).onComplete(done -> {
            if (done.succeeded()) {
                ctx.response()
                        .putHeader("content-type", "application/json")
                        .putHeader("cache-control", "public, max-age=" + OpenApiDocuments.TTL_INCOMPLETE.toSeconds())
                        .end(done.result());
            } else {
                LOG.errorf(done.cause(), "OpenAPI document failed (request %s)", requestId);
                JsonObject error = new JsonObject()
                        .put("code", "service_unavailable")
                        .put("message", "The API description is unavailable; try again shortly.")
                        .put("request_id", requestId);
                ctx.response()
                        .setStatusCode(503)
                        .putHeader("content-type", "application/json")
                        .putHeader("Retry-After", "2")
                        .end(new JsonObject().put("error", error).encode());
            }
        });
    }

    private void asset(RoutingContext ctx, String webjar) {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) {
            ctx.next(); // not ours: the usual 404
            return;
        }
        vertx.executeBlocking(() -> read(webjar + file), false).onComplete(done -> {
            if (done.succeeded() && done.result() != null) {
                ctx.response()
                        .putHeader("content-type", type)
                        .putHeader("cache-control", "public, max-age=86400")
                        .end(done.result());
            } else {
                ctx.next();
            }
        });
    }

    private static Buffer read(String resource) {
        try (InputStream in = classLoader().getResourceAsStream(resource)) {
            return in == null ? null : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webjar's version, from its Maven metadata, so a version bump needs no code change. */
    private static String webjarVersion() {
        try (InputStream in = classLoader().getResourceAsStream(WEBJAR_POM)) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath");
            }
            Properties pom = new Properties();
            pom.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader classLoader() {
        return OpenApiRoutes.class.getClassLoader();
    }
}
