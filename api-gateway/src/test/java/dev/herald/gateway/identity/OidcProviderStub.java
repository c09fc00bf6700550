package dev.herald.gateway.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import com.sun.net.httpserver.HttpServer;

/**
 * A real token issuer for the gateway's OIDC tests: an OpenID discovery document and a JWKS endpoint over HTTP, and
 * RS256 tokens signed with the key the JWKS publishes. It stands in for Keycloak or any other provider; the gateway
 * learns everything from discovery, as it would in production. The signing key travels in system properties because
 * the test and this resource may live in different class loaders.
 */
public class OidcProviderStub implements QuarkusTestResourceLifecycleManager {

    public static final String AUDIENCE = "herald-api";
    static final String KID = "test-key-1";
    private static final String KEY_PROPERTY = "herald.test.oidc.private-key";
    private static final String ISSUER_PROPERTY = "herald.test.oidc.issuer";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        KeyPair pair = newKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/herald";
        String discovery = """
                {"issuer":"%s","jwks_uri":"%s/protocol/openid-connect/certs",
                 "authorization_endpoint":"%s/protocol/openid-connect/auth",
                 "token_endpoint":"%s/protocol/openid-connect/token",
                 "id_token_signing_alg_values_supported":["RS256"]}""".formatted(issuer, issuer, issuer, issuer);
        String jwks = """
                {"keys":[{"kty":"RSA","kid":"%s","use":"sig","alg":"RS256","n":"%s","e":"%s"}]}""".formatted(KID, base64Url(publicKey.getModulus()), base64Url(publicKey.getPublicExponent()));
        serve("/realms/herald/.well-known/openid-configuration", discovery);
        serve("/realms/herald/protocol/openid-connect/certs", jwks);
        server.start();
        System.setProperty(
                KEY_PROPERTY,
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        System.setProperty(ISSUER_PROPERTY, issuer);
        return Map.of(
                "herald.gateway.users.enabled", "true",
                "herald.gateway.users.issuer", issuer,
                "herald.gateway.users.audience", AUDIENCE);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Claims of a valid token for {@code subject}; tests change what they test. */
    public static JwtClaimsBuilder claims(String subject, Object organizations) {
        Instant now = Instant.now();
        return Jwt.issuer(System.getProperty(ISSUER_PROPERTY))
                .audience(AUDIENCE)
                .subject(subject)
                .claim("email", subject + "@example.com")
                .claim("herald_orgs", organizations)
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300));
    }

    /** Signed with the key the provider publishes. */
    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KID).sign(signingKey());
    }

    /** Signed with another key under the same key id: a forgery. */
    public static String forge(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KID).sign(newKeyPair().getPrivate());
    }

    private static PrivateKey signingKey() {
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(KEY_PROPERTY))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length); // unsigned big-endian, as RFC 7518 wants
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
