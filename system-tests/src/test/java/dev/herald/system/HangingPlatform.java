package dev.herald.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform that hangs: a TCP proxy in front of a platform stub that, during its hang window, lets every request
 * through but holds back the answers — the platform acts (a status is created) and the caller hears nothing until
 * its own timeout, as with an overloaded platform. The held connection stays open until the caller gives up, so it
 * is a timeout, not a reset. Outside the window bytes pass both ways untouched.
 */
final class HangingPlatform implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "hanging-platform");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger held = new AtomicInteger();
    private volatile Instant hangFrom = Instant.MAX;
    private volatile Instant hangUntil = Instant.MIN;

    HangingPlatform(String upstreamBaseUrl) throws IOException {
        URI upstream = URI.create(upstreamBaseUrl);
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.submit(this::accept);
    }

    /** The platform's address as callers should use it. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Holds every answer that starts in {@code [from, until)}. */
    void hang(Instant from, Instant until) {
        this.hangFrom = from;
        this.hangUntil = until;
    }

    /** How many answers were held back (each a call that hung until its caller's timeout). */
    int held() {
        return held.get();
    }

    private boolean hanging() {
        Instant now = Instant.now();
        return !now.isBefore(hangFrom) && now.isBefore(hangUntil);
    }

    private Void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                pumps.submit(() -> requests(client, upstream));
                pumps.submit(() -> answers(upstream, client));
            } catch (IOException e) {
                // Closed, or the stub refused one connection: the caller sees a failed connection and retries.
            }
        }
        return null;
    }

    /** Caller to platform, always; when the caller closes (its timeout, or done), both sides close. */
    private Void requests(Socket client, Socket upstream) {
        try (client;
                upstream) {
            client.getInputStream().transferTo(upstream.getOutputStream());
        } catch (IOException e) {
            // either side went away: closing both is all there is to do
        }
        return null;
    }

    /** Platform to caller, unless an answer starts while hanging: then it and the rest of the connection vanish. */
    private Void answers(Socket upstream, Socket client) {
        byte[] buffer = new byte[8192];
        boolean swallowing = false;
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!swallowing && hanging()) {
                    swallowing = true;
                    held.incrementAndGet();
                }
                if (!swallowing) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            if (!swallowing) {
                client.shutdownOutput();
            }
            // Swallowing: the caller's connection stays open and silent until it gives up (requests() closes it).
        } catch (IOException e) {
            // the caller gave up or the platform closed: requests() closes both
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        pumps.shutdownNow();
    }
}
