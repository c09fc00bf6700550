package dev.herald.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import com.sun.net.httpserver.HttpServer;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * Media through the gateway, on the packaged services: a multipart upload that a post can then use, an upload URL
 * PUT without any key, and a 200 MB upload streamed through gateway and media-service whose heaps are capped at 192 MB
 * (so neither can have held the body).
 */
class MediaIT {

    private static final String ADMIN_TOKEN = "system-test-" + UUID.randomUUID();
    private static final long BIG = 200L * 1024 * 1024;
    private static HeraldStack stack;
    private static Tenant tenant;

    @BeforeAll
    static void start() {
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-media-" + System.currentTimeMillis());
        stack = HeraldStack.create(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
        // Uploads are larger than API bodies: the gateway's cap is raised for this stack (its default is 10 MB).
        stack.environment("api-gateway", "HERALD_GATEWAY_MAX_BODY_SIZE", "300M");
        stack.environment("api-gateway", "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE", "300M");
        stack.environment(
                "media-service",
                "HERALD_MEDIA_STORAGE_DIRECTORY",
                data.resolve("media").toString());
        stack.environment("media-service", "HERALD_MEDIA_UPLOADS_BASE_URL", stack.gatewayUrl());
        // The import sources below are served on loopback: allowed for this stack only (never by default).
        stack.environment("media-service", "HERALD_MEDIA_IMPORT_ALLOW_LOOPBACK", "true");
        stack.startAll();
        tenant = Tenant.provision(stack, ADMIN_TOKEN, "Media");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static JsonPath awaitFinal(String id) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    last[0] = tenant.api()
                            .get("/v1/media/" + id)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    return Set.of("ready", "failed").contains(last[0].getString("status"));
                });
        return last[0];
    }

    @Test
    void shouldLetAPostUseAnUploadedImageWhenProcessingMadeItReady() throws IOException {
        String id = tenant.api()
                .multiPart("file", "photo.jpg", jpeg(1200, 800), "image/jpeg")
                .post("/v1/media")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonPath item = awaitFinal(id);
        assertEquals("ready", item.getString("status"));
        assertEquals(1200, item.getInt("width"));
        assertEquals("ok", item.getString("compatibility.x"));

        String account = tenant.connectSandboxAccount();
        // The post-service learns readiness from media.ready on herald.media.events.v1.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> tenant.api()
                        .contentType(ContentType.JSON)
                        .body(Map.of(
                                "caption", "With a picture", "account_ids", List.of(account), "media_ids", List.of(id)))
                        .post("/v1/posts/validate")
                        .then()
                        .statusCode(200)
                        .body("valid", equalTo(true)));
    }

    @Test
    void shouldImportAPostsMediaUrlsAndPublishWithThemWhenTheyAreGivenInline() throws Exception {
        try (ImageServer source = new ImageServer(png(200, 100))) {
            String account = tenant.connectSandboxAccount();
            String key = "import-" + UUID.randomUUID();
            Map<String, Object> body = Map.of(
                    "caption",
                    "A banner from our CMS",
                    "account_ids",
                    List.of(account),
                    "media",
                    List.of(Map.of("url", source.url(), "alt_text", "Our banner")));

            JsonPath created = tenant.api()
                    .header("Idempotency-Key", key)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/posts")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            List<String> media = created.getList("media_ids");
            assertEquals(1, media.size(), created.prettify());
            JsonPath item = tenant.api()
                    .get("/v1/media/" + media.get(0))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals("ready", item.getString("status"));
            assertEquals(200, item.getInt("width"));
            assertEquals("Our banner", item.getString("alt_text"));
            assertEquals("import", item.getString("source"));

            // A retry with the same key answers the same post and imports nothing more.
            tenant.api()
                    .header("Idempotency-Key", key)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/posts")
                    .then()
                    .statusCode(201)
                    .body("id", equalTo(created.getString("id")))
                    .body("media_ids[0]", equalTo(media.get(0)));
            assertEquals(
                    1,
                    tenant.api()
                            .get("/v1/media?limit=100")
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("data.findAll { it.source == 'import' }")
                            .size());

            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> tenant.api()
                                    .get("/v1/posts/" + created.getString("id"))
                                    .then()
                                    .extract()
                                    .path("status"),
                            "published"::equals);
        }
    }

    @Test
    void shouldRefuseAPostWhoseMediaUrlCannotBeImported() throws Exception {
        String account = tenant.connectSandboxAccount();
        HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        source.start();
        try {
            String missing = "http://127.0.0.1:" + source.getAddress().getPort() + "/gone.png";
            tenant.api()
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "caption", "x", "account_ids", List.of(account), "media", List.of(Map.of("url", missing))))
                    .post("/v1/posts")
                    .then()
                    .statusCode(400)
                    .body("error.details[0].field", equalTo("media[0].url"));
            tenant.api()
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "caption",
                            "x",
                            "account_ids",
                            List.of(account),
                            "media",
                            List.of(Map.of("url", "ftp://example.com/a.png"))))
                    .post("/v1/posts")
                    .then()
                    .statusCode(400)
                    .body("error.details[0].field", equalTo("media[0].url"))
                    .body("error.details[0].code", equalTo("invalid_url"));
        } finally {
            source.stop(0);
        }
    }

    @Test
    void shouldAcceptTheBytesWithoutAnApiKeyWhenPutToTheUploadUrlThroughTheGateway() throws Exception {
        byte[] png = png(320, 240);
        JsonPath upload = createUpload("image/png", png.length);
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(upload.getString("upload_url")))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(png))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(204, put.statusCode(), put.body());
        String id = upload.getString("media_id");
        tenant.api().post("/v1/media/" + id + "/complete").then().statusCode(200);
        assertEquals("ready", awaitFinal(id).getString("status"));
    }

    @Test
    void shouldStreamA200MegabyteUploadWhenTheServicesHeapsAreCappedAt192Megabytes() throws Exception {
        byte[] header = mp4Header(BIG);
        JsonPath upload = createUpload("video/mp4", header.length + BIG);
        InputStream body = new SequenceInputStream(new java.io.ByteArrayInputStream(header), new Zeros(BIG));
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(upload.getString("upload_url")))
                                .timeout(Duration.ofMinutes(5))
                                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(() -> body), header.length + BIG))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(204, put.statusCode(), put.body());
        String id = upload.getString("media_id");
        tenant.api().post("/v1/media/" + id + "/complete").then().statusCode(200);
        JsonPath item = awaitFinal(id);
        assertEquals("ready", item.getString("status"), item.prettify());
        assertEquals(header.length + BIG, item.getLong("size_bytes"));
        assertEquals(3_000, item.getInt("duration_ms"));

        // The premise: neither JVM could have held the body, since each one's whole heap is smaller than it
        // (HeraldStack's test options: -Xmx192m). Buffering the upload would have ended in an OutOfMemoryError.
        for (String service : List.of("media-service", "api-gateway")) {
            long max = heapMax(service);
            assertTrue(max < BIG, service + " may use " + max + " bytes of heap, not less than the upload");
        }
    }

    private static long heapMax(String service) {
        String metrics = given().baseUri(stack.url(service))
                .get("/q/metrics")
                .then()
                .extract()
                .asString();
        Matcher matcher = Pattern.compile("(?m)^jvm_memory_max_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)")
                .matcher(metrics);
        long total = 0;
        while (matcher.find()) {
            total += Math.max(0, (long) Double.parseDouble(matcher.group(1)));
        }
        assertTrue(total > 0, "no heap metrics for " + service);
        return total;
    }

    private static JsonPath createUpload(String type, long size) {
        return tenant.api()
                .contentType(ContentType.JSON)
                .body(Map.of("filename", "file", "content_type", type, "size", size))
                .post("/v1/media/uploads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** A valid MP4 header (ftyp, moov with one 640x360 H.264 track of 3 s) announcing an mdat of {@code mdat} bytes. */
    private static byte[] mp4Header(long mdat) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(box("ftyp", concat(ascii("isom"), i32(0x200), ascii("isom"), ascii("mp41"))));
        byte[] matrix =
                concat(i32(0x10000), i32(0), i32(0), i32(0), i32(0x10000), i32(0), i32(0), i32(0), i32(0x40000000));
        byte[] mvhd = box(
                "mvhd",
                concat(
                        i32(0),
                        i32(0),
                        i32(0),
                        i32(1000),
                        i32(3000),
                        i32(0x10000),
                        i16(0x100),
                        new byte[10],
                        matrix,
                        new byte[24],
                        i32(2)));
        byte[] tkhd = box(
                "tkhd",
                concat(
                        i32(3),
                        i32(0),
                        i32(0),
                        i32(1),
                        i32(0),
                        i32(3000),
                        new byte[8],
                        i16(0),
                        i16(0),
                        i16(0),
                        i16(0),
                        matrix,
                        i32(640 << 16),
                        i32(360 << 16)));
        byte[] mdhd = box("mdhd", concat(i32(0), i32(0), i32(0), i32(1000), i32(3000), i16(0x55c4), i16(0)));
        byte[] hdlr = box("hdlr", concat(i32(0), i32(0), ascii("vide"), new byte[12], ascii("VideoHandler\0")));
        byte[] avc1 = box(
                "avc1",
                concat(
                        new byte[6],
                        i16(1),
                        i16(0),
                        i16(0),
                        new byte[12],
                        i16(640),
                        i16(360),
                        i32(0x480000),
                        i32(0x480000),
                        i32(0),
                        i16(1),
                        new byte[32],
                        i16(0x18),
                        i16(-1)));
        byte[] stbl = box("stbl", box("stsd", concat(i32(0), i32(1), avc1)));
        byte[] minf = box("minf", concat(box("vmhd", concat(i32(1), new byte[8])), stbl));
        out.write(box("moov", concat(mvhd, box("trak", concat(tkhd, box("mdia", concat(mdhd, hdlr, minf)))))));
        out.write(i32((int) (8 + mdat)));
        out.write(ascii("mdat"));
        return out.toByteArray();
    }

    private static byte[] box(String type, byte[] body) throws IOException {
        return concat(i32(8 + body.length), ascii(type), body);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] i32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] i16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        return out.toByteArray();
    }

    private static byte[] jpeg(int width, int height) throws IOException {
        return image("jpeg", width, height);
    }

    private static byte[] png(int width, int height) throws IOException {
        return image("png", width, height);
    }

    private static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** {@code size} zero bytes, made as they are read. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
