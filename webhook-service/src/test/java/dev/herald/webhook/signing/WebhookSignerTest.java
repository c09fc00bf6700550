package dev.herald.webhook.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void shouldReproduceTheStandardWebhooksKnownAnswerWhenSigningTheSpecExample() {
        String signature = WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L,
                "{\"test\": 2432232314}");

        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    void shouldListOneSignaturePerSecretWhenTwoSecretsAreInForce() {
        String header = WebhookSigner.signatureHeader(
                List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", WebhookSigner.newSecret()),
                "msg_1",
                1614265330L,
                "{}");

        String[] parts = header.split(" ");
        assertEquals(2, parts.length);
        assertTrue(parts[0].startsWith("v1,") && parts[1].startsWith("v1,"));
        assertNotEquals(parts[0], parts[1]);
    }

    @Test
    void shouldCarryTwentyFourRandomBytesWhenCreatingASecret() {
        String secret = WebhookSigner.newSecret();

        assertTrue(secret.startsWith("whsec_"));
        assertEquals(24, Base64.getDecoder().decode(secret.substring(6)).length);
        assertNotEquals(secret, WebhookSigner.newSecret());
    }
}
