package dev.herald.system;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/** An HTTP server of the test on loopback that serves one PNG, as the source of a media import. */
final class ImageServer implements AutoCloseable {

    private static final String PATH = "/banner.png";

    private final HttpServer server;

    ImageServer(byte[] png) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        server.start();
    }

    /** The image's address, {@code http://127.0.0.1:<port>/banner.png}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
