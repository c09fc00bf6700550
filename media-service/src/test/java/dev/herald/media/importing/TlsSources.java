package dev.herald.media.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.herald.media.Samples;

/**
 * HTTPS import sources on loopback with real certificates made by the JDK's keytool: a test CA that the media-service
 * is told to trust ({@code herald.media.import.trust-certificates}), a server with a certificate it issued for
 * localhost, one whose certificate it issued for another host, and one with a certificate from a CA nobody trusts.
 * Each serves {@code /cat.png}.
 */
public class TlsSources implements QuarkusTestResourceLifecycleManager {

    private static final String PASSWORD = "changeit";

    /** https://localhost:port of each server. */
    static String trusted;

    static String wrongHost;
    static String unknownCa;

    private final List<HttpsServer> servers = new ArrayList<>();
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("herald-tls");
            Path ca = authority("ca");
            Path stranger = authority("stranger");
            trusted = serve(server("trusted", ca, "dns:localhost,ip:127.0.0.1"));
            wrongHost = serve(server("wrong-host", ca, "dns:media.example.org"));
            unknownCa = serve(server("unknown-ca", stranger, "dns:localhost,ip:127.0.0.1"));
            return Map.of(
                    "herald.media.import.trust-certificates",
                    ca.resolveSibling("ca.pem").toString());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        servers.forEach(server -> server.stop(0));
    }

    /** A CA key pair in {@code name.p12}, its certificate in {@code name.pem}. */
    private Path authority(String name) throws IOException {
        Path store = dir.resolve(name + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Herald test " + name,
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                store.toString());
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                name,
                "-keystore",
                store.toString(),
                "-file",
                dir.resolve(name + ".pem").toString());
        return store;
    }

    /** A server key pair whose certificate the CA in {@code caStore} issued for {@code san}. */
    private Path server(String name, Path caStore, String san) throws IOException {
        String caName = caStore.getFileName().toString().replace(".p12", "");
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-validity",
                "2",
                "-keystore",
                store.toString());
        keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-file", csr.toString());
        keytool(
                "-gencert",
                "-rfc",
                "-alias",
                caName,
                "-keystore",
                caStore.toString(),
                "-infile",
                csr.toString(),
                "-outfile",
                cert.toString(),
                "-ext",
                "san=" + san,
                "-validity",
                "2");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                caName,
                "-keystore",
                store.toString(),
                "-file",
                dir.resolve(caName + ".pem").toString());
        keytool("-importcert", "-alias", "server", "-keystore", store.toString(), "-file", cert.toString());
        return store;
    }

    private String serve(Path store) throws IOException, java.security.GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        byte[] png = Samples.png(32, 24);
        server.createContext("/cat.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(png);
            }
        });
        server.start();
        servers.add(server);
        return "https://localhost:" + server.getAddress().getPort();
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
