package dev.herald.publisher.connector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** What the platform contract stubs share: answering, reading forms, fetching media, checking a PKCE verifier. */
public final class StubHttp {

    private static final HttpClient FETCHER = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private StubHttp() {}

    /**
     * A file downloaded from {@code url}, as a platform's servers pull media from a public URL; empty when it cannot be
     * fetched (the platform then refuses the media).
     */
    public static Optional<HttpResponse<byte[]>> fetch(String url) {
        try {
            HttpResponse<byte[]> file = FETCHER.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return file.statusCode() == 200 ? Optional.of(file) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * A stub server on a free loopback port with these routes (path prefix → handler), answering several requests at
     * once (a stalled one must not hold up the rest), started.
     */
    public static HttpServer start(Map<String, HttpHandler> routes) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        routes.forEach(server::createContext);
        server.start();
        return server;
    }

    public static String baseUrl(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * A consent page approving: the browser goes back to the client's redirect URI with the code and the state (RFC
     * 6749 section 4.1.2).
     */
    public static void redirectWithCode(HttpExchange exchange, String redirectUri, String code, String state)
            throws IOException {
        exchange.getResponseHeaders()
                .add(
                        "Location",
                        redirectUri + "?code=" + code + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** An {@code application/x-www-form-urlencoded} body or query string. */
    public static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** One part of a {@code multipart/form-data} body. */
    public record Part(String name, String filename, String contentType, byte[] content) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** A {@code multipart/form-data} body (RFC 7578) by part name; empty when the body is not one. */
    public static Map<String, Part> multipart(HttpExchange exchange) throws IOException {
        Map<String, Part> parts = new LinkedHashMap<>(); // in body order: some servers (S3) need the file last
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        int at = type == null ? -1 : type.indexOf("boundary=");
        if (type == null || !type.startsWith("multipart/form-data") || at < 0) {
            return parts;
        }
        String boundary =
                type.substring(at + "boundary=".length()).replace("\"", "").trim();
        byte[] body = exchange.getRequestBody().readAllBytes();
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter has no CRLF before it; look for it as if the body started with one.
        byte[] framed = new byte[body.length + 2];
        framed[0] = '\r';
        framed[1] = '\n';
        System.arraycopy(body, 0, framed, 2, body.length);
        int start = indexOf(framed, delimiter, 0);
        while (start >= 0) {
            int afterDelimiter = start + delimiter.length;
            if (afterDelimiter + 2 > framed.length
                    || (framed[afterDelimiter] == '-' && framed[afterDelimiter + 1] == '-')) {
                break;
            }
            int headersStart = afterDelimiter + 2;
            int headersEnd = indexOf(framed, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            int next = indexOf(framed, delimiter, headersEnd);
            if (headersEnd < 0 || next < 0) {
                break;
            }
            String headers = new String(framed, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            String name = null;
            String filename = null;
            String contentType = "text/plain";
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase();
                if (lower.startsWith("content-disposition:")) {
                    name = parameter(line, "name");
                    filename = parameter(line, "filename");
                } else if (lower.startsWith("content-type:")) {
                    contentType = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            byte[] content = Arrays.copyOfRange(framed, headersEnd + 4, next);
            if (name != null) {
                parts.put(name, new Part(name, filename, contentType, content));
            }
            start = next;
        }
        return parts;
    }

    private static String parameter(String header, String name) {
        Matcher matcher = Pattern.compile("[; ]" + name + "=\"([^\"]*)\"").matcher(header);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The S256 code challenge of a verifier (RFC 7636), as an authorization server computes it. */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
