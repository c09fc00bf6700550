package dev.herald.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} child process on a free loopback port, without persistence ({@code --save ''
 * --appendonly no}). Tests can kill it, freeze it (a slow Redis) and restart it on the same port, as an outage
 * would. Needs {@code redis-server} on the PATH ({@link #available()}).
 */
public final class LocalRedis implements AutoCloseable {

    private static final String BINARY = "redis-server";

    private final int port;
    private final Path dir;
    private Process process;

    private LocalRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Whether {@code redis-server} is on the PATH; tests that need Redis assume this (CI installs it). */
    public static boolean available() {
        return executable().isPresent();
    }

    /** Starts a fresh server on a free port and waits until it answers. */
    public static LocalRedis start() {
        try {
            LocalRedis redis = new LocalRedis(FreePorts.next(), Files.createTempDirectory("herald-redis-"));
            // A test JVM that ends without close() must not leave a server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(redis::kill, "herald-redis-stop"));
            redis.restart();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The address a Redis client takes, e.g. {@code redis://127.0.0.1:6380}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port, empty; a no-op while it runs. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path binary = executable().orElseThrow(() -> new IllegalStateException(BINARY + " is not on the PATH"));
        List<String> command = List.of(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + BINARY, e);
        }
        awaitPong(Duration.ofSeconds(10));
    }

    /** Graceful stop (SIGTERM): clients see their connections closed. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            awaitExit();
        }
    }

    /** Crash (SIGKILL), as a lost node would. */
    public synchronized void kill() {
        if (process != null) {
            thaw();
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** Stops the process (SIGSTOP): connections stay open but nothing answers, like an overloaded server. */
    public synchronized void freeze() {
        signal("-STOP");
    }

    /** Lets a frozen server run again (SIGCONT). */
    public synchronized void thaw() {
        signal("-CONT");
    }

    /**
     * Runs one command and returns its reply as text (a simple string, an integer, a bulk string, or the error
     * line starting with {@code -}); arrays are not decoded. For tests that look at what a client left in Redis.
     */
    public String call(String... args) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$')
                        .append(arg.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(arg)
                        .append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String line = readLine(in);
            if (line.startsWith("$")) {
                int length = Integer.parseInt(line.substring(1));
                return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return line.startsWith("+") || line.startsWith(":") ? line.substring(1) : line;
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + " did not answer " + List.of(args), e);
        }
    }

    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }

    private void awaitPong(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        BINARY + " exited with " + process.exitValue() + "; see " + dir.resolve("redis.log"));
            }
            try {
                if ("PONG".equals(call("PING"))) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(BINARY + " not answering on port " + port + " after " + timeout);
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            // Java can only TERM or KILL a child; kill(1) sends the rest.
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " failed with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\r') {
                in.read(); // RESP header lines end with CRLF and contain no other CR
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        throw new IOException("Connection closed before a reply");
    }

    private static Optional<Path> executable() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder, BINARY))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
