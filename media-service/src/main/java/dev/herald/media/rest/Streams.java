package dev.herald.media.rest;

import java.io.InputStream;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import dev.herald.media.service.MediaService;

/** Sends stored bytes as a response body, a buffer at a time, closing the stream at the end. */
final class Streams {

    private Streams() {}

    static Response send(MediaService.Content content) {
        StreamingOutput body = out -> {
            try (InputStream in = content.stream()) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder response = Response.ok(body, content.mimeType())
                .header("Cache-Control", "private, max-age=300")
                .header("X-Content-Type-Options", "nosniff");
        if (content.length() >= 0) {
            response.header("Content-Length", content.length());
        }
        return response.build();
    }
}
