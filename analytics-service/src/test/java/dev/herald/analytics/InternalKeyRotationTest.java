package dev.herald.analytics;

import static io.restassured.RestAssured.given;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

import dev.herald.events.InternalToken;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalKeys;
import dev.herald.testsupport.LocalInfra;

/**
 * The gateway's signing key rotates without downtime: while services know the previous public key too, tokens of the
 * old key (named by their kid) and of the new one are both accepted; a forgery under either kid is not.
 */
@QuarkusTest
@TestProfile(InternalKeyRotationTest.WithPreviousKey.class)
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class InternalKeyRotationTest {

    // System properties: the profile and the test may be loaded by different class loaders.
    private static final String PRIVATE = "herald.test.previous-key.private";
    private static final String PUBLIC = "herald.test.previous-key.public";

    /** The services' settings mid-rotation: the current key as usual, plus the previous one. */
    public static class WithPreviousKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (System.getProperty(PUBLIC) == null) {
                InternalKeys previous = InternalKeys.generate();
                System.setProperty(PRIVATE, previous.privateKeyBase64());
                System.setProperty(PUBLIC, previous.publicKeyBase64());
            }
            return Map.of("herald.internal-jwt.previous-public-key", System.getProperty(PUBLIC));
        }
    }

    private static final String PATH = "/v1/analytics?post_id=post_rotation";

    @Test
    void shouldAcceptTheOldKeysTokensWhenItIsThePreviousKey() {
        InternalKeys previous = InternalKeys.of(System.getProperty(PRIVATE), System.getProperty(PUBLIC));
        call(token(previous, keyId(previous))).then().statusCode(200);
    }

    @Test
    void shouldAcceptTheNewKeysTokensWithOrWithoutAKeyIdWhenRotating() {
        InternalKeys current = LocalInfra.shared().keys();
        call(token(current, keyId(current))).then().statusCode(200);
        call(token(current, null)).then().statusCode(200);
    }

    @Test
    void shouldRefuseAForgeryWhenItClaimsEitherKeysId() {
        InternalKeys previous = InternalKeys.of(System.getProperty(PRIVATE), System.getProperty(PUBLIC));
        InternalKeys stranger = InternalKeys.generate();
        call(token(stranger, keyId(previous))).then().statusCode(401);
        call(token(stranger, keyId(LocalInfra.shared().keys()))).then().statusCode(401);
        // The previous key's token under the current key's id is verified with the current key: refused.
        call(token(previous, keyId(LocalInfra.shared().keys()))).then().statusCode(401);
    }

    private static io.restassured.response.Response call(String token) {
        return given().header("Authorization", "Bearer " + token).get(PATH);
    }

    private static String token(InternalKeys keys, String kid) {
        var claims = Jwt.issuer(InternalToken.ISSUER)
                .audience(InternalToken.AUDIENCE)
                .subject("key_rotation")
                .claim(InternalToken.WORKSPACE_CLAIM, "ws_rotation")
                .claim(InternalToken.MODE_CLAIM, "test")
                .claim(InternalToken.SCOPE_CLAIM, "analytics:read")
                .expiresIn(300)
                .jws();
        return kid == null ? claims.sign(keys.privateKey()) : claims.keyId(kid).sign(keys.privateKey());
    }

    private static String keyId(InternalKeys keys) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(keys.publicKeyBase64())));
            return InternalToken.keyId(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
