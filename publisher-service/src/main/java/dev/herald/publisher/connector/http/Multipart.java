package dev.herald.publisher.connector.http;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} body (RFC 7578) whose file parts are streamed from their source, never held whole: a
 * video goes from media-service to the platform through a small buffer.
 */
public final class Multipart {

    private final String boundary = "herald-" + UUID.randomUUID();
    private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

    public Multipart field(String name, String value) {
        parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(name) + "\"\r\n\r\n"
                + value + "\r\n"));
        return this;
    }

    public Multipart file(String name, String filename, String contentType, Supplier<InputStream> content) {
        parts.add(header(name, filename, contentType));
        parts.add(HttpRequest.BodyPublishers.ofInputStream(content));
        parts.add(text("\r\n"));
        return this;
    }

    public Multipart file(String name, String filename, String contentType, byte[] content) {
        parts.add(header(name, filename, contentType));
        parts.add(HttpRequest.BodyPublishers.ofByteArray(content));
        parts.add(text("\r\n"));
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public HttpRequest.BodyPublisher body() {
        List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
        all.add(text("--" + boundary + "--\r\n"));
        return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
    }

    private HttpRequest.BodyPublisher header(String name, String filename, String contentType) {
        return text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(name) + "\"; filename=\""
                + quoted(filename) + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
    }

    private static HttpRequest.BodyPublisher text(String value) {
        return HttpRequest.BodyPublishers.ofString(value, StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\r", "")
                .replace("\n", "");
    }
}
