package dev.herald.cli.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.herald.cli.webhooks.SignatureVerifier.Verdict;

class SignatureVerifierTest {

    /** The Standard Webhooks specification's example (RELIABILITY.md, docs/webhooks.md). */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String TIMESTAMP = "1614265330";
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final Instant SENT = Instant.ofEpochSecond(1614265330);

    private final SignatureVerifier verifier = new SignatureVerifier(SECRET);

    @Test
    void shouldReproduceTheSpecificationsKnownAnswerWhenSigning() {
        assertEquals(SIGNATURE, verifier.sign(ID, TIMESTAMP, BODY));
    }

    @Test
    void shouldAcceptTheKnownAnswerWhenItArrivesWithinTheTolerance() {
        assertEquals(Verdict.VALID, verifier.verify(ID, TIMESTAMP, SIGNATURE, BODY, SENT.plusSeconds(299)));
        assertEquals(Verdict.VALID, verifier.verify(ID, TIMESTAMP, SIGNATURE, BODY, SENT.minusSeconds(299)));
    }

    @Test
    void shouldAcceptWhenAnyOfTwoSignaturesMatchesDuringARotation() {
        String header = "v1,bm90IHRoZSByaWdodCBvbmU= " + SIGNATURE;
        assertEquals(Verdict.VALID, verifier.verify(ID, TIMESTAMP, header, BODY, SENT));
    }

    @Test
    void shouldRefuseWhenTheBodyIdOrTimestampWasAltered() {
        byte[] altered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, verifier.verify(ID, TIMESTAMP, SIGNATURE, altered, SENT));
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, verifier.verify("msg_other", TIMESTAMP, SIGNATURE, BODY, SENT));
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, verifier.verify(ID, "1614265331", SIGNATURE, BODY, SENT));
    }

    @Test
    void shouldRefuseWhenSignedWithAnotherSecret() {
        var other =
                new SignatureVerifier("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]));
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, other.verify(ID, TIMESTAMP, SIGNATURE, BODY, SENT));
    }

    @Test
    void shouldRefuseAReplayWhenTheTimestampIsMoreThanFiveMinutesAway() {
        assertEquals(
                Verdict.TIMESTAMP_OUT_OF_TOLERANCE,
                verifier.verify(ID, TIMESTAMP, SIGNATURE, BODY, SENT.plusSeconds(301)));
        assertEquals(Verdict.BAD_TIMESTAMP, verifier.verify(ID, "yesterday", SIGNATURE, BODY, SENT));
    }

    @Test
    void shouldRefuseWhenHeadersAreMissingOrTheSchemeIsUnknown() {
        assertEquals(Verdict.MISSING_HEADERS, verifier.verify(ID, TIMESTAMP, null, BODY, SENT));
        assertEquals(Verdict.MISSING_HEADERS, verifier.verify(null, TIMESTAMP, SIGNATURE, BODY, SENT));
        assertEquals(
                Verdict.NO_MATCHING_SIGNATURE,
                verifier.verify(ID, TIMESTAMP, SIGNATURE.replace("v1,", "v2,"), BODY, SENT));
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, verifier.verify(ID, TIMESTAMP, "v1,***", BODY, SENT));
    }

    @Test
    void shouldRefuseASecretThatIsNotAWebhookSecret() {
        assertThrows(IllegalArgumentException.class, () -> new SignatureVerifier("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThrows(IllegalArgumentException.class, () -> new SignatureVerifier("whsec_***"));
        assertThrows(IllegalArgumentException.class, () -> new SignatureVerifier("whsec_"));
    }
}
