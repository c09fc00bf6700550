package dev.herald.publisher.account.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CredentialVaultTest {

    private static final String KEY_A = "vIvGEkV/18aT5BwICm968tola8eL6Ft4nrZPi/nEthI=";
    private static final String KEY_B = "oj7JhQ7wOo8XlVAsVn4oCGm39q1U0nENi1mgQAN+u1c=";
    private static final String ACCESS = "ya29.access-7a1f0c2e9b";
    private static final String REFRESH = "1//refresh-4d8e2b6c0a";
    /** {@link #CREDENTIALS} sealed with key A for ws_1/acct_1 by the first version of the format. */
    private static final String STORED_BLOB =
            "AdH/LRgvhSxbmokfETwZEmaHCP4XG0t8iZJZzaNg5viFH6B9SBFjRfZ34B3GqoFnGzAEmiw4UtDV2nW8sCWzSTID6j/Npy7qDs7UwAdHGp4vswzaffAA3Hh4Z8HOENSI9wY4OnlvgPOELNIlqA5yNqFeIXqWwNRLa18Wti70sEoAdn7NSROMT09R4iHZOtmOVX9jDndNufQFbXk4K9PlM7DeWz7yEodITCXimtMXLWjXy5p9FIlIMII8Auc1jCJnb6vFugks8O4I9v58S5RUBz0m5Dx2ueHHkq6OJNCjJDjl8ktHur8Z1uYf";

    private static final Credentials CREDENTIALS = new Credentials(
            ACCESS,
            REFRESH,
            Instant.parse("2026-12-01T10:15:30.123456789Z"),
            List.of("tweet.write", "offline.access"),
            Map.of("app_password", "abcd-efgh-ijkl-mnop"));

    private final CredentialVault vaultA = new CredentialVault(KeyRing.of(Map.of("a", KEY_A), "a"));

    @Test
    void shouldReturnTheSameCredentialsWhenOpenedAfterSealing() {
        SealedCredentials sealed = vaultA.seal("ws_1", "acct_1", CREDENTIALS);

        assertEquals("a", sealed.keyId());
        assertEquals(CREDENTIALS, vaultA.open("ws_1", "acct_1", sealed));
    }

    @Test
    void shouldKeepNullsAndEmptyListsWhenSealed() {
        Credentials sparse = new Credentials("only-access", null, null, null, null);

        assertEquals(sparse, vaultA.open("ws_1", "acct_1", vaultA.seal("ws_1", "acct_1", sparse)));
    }

    @Test
    void shouldContainNoSecretInAnyEncodingWhenSealed() {
        byte[] blob = vaultA.seal("ws_1", "acct_1", CREDENTIALS).blob();

        String raw = new String(blob, StandardCharsets.ISO_8859_1);
        for (String secret : List.of(ACCESS, REFRESH, "abcd-efgh-ijkl-mnop")) {
            byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
            assertFalse(raw.contains(secret), secret);
            assertFalse(raw.contains(Base64.getEncoder().encodeToString(utf8)), secret);
            assertFalse(HexFormat.of().formatHex(blob).contains(HexFormat.of().formatHex(utf8)), secret);
        }
    }

    @Test
    void shouldUseAFreshDataKeyAndNonceWhenTheSameCredentialsAreSealedTwice() {
        byte[] first = vaultA.seal("ws_1", "acct_1", CREDENTIALS).blob();
        byte[] second = vaultA.seal("ws_1", "acct_1", CREDENTIALS).blob();

        // format byte, then the wrap nonce and wrapped key: nothing after the first byte repeats
        assertNotEquals(HexFormat.of().formatHex(first, 1, 61), HexFormat.of().formatHex(second, 1, 61));
        assertNotEquals(
                HexFormat.of().formatHex(first, 61, first.length),
                HexFormat.of().formatHex(second, 61, second.length));
    }

    @Test
    void shouldRefuseTheBlobWhenAnyByteWasAltered() {
        SealedCredentials sealed = vaultA.seal("ws_1", "acct_1", CREDENTIALS);

        for (int i = 0; i < sealed.blob().length; i++) {
            byte[] tampered = sealed.blob().clone();
            tampered[i] ^= 0x01;
            SealedCredentials altered = new SealedCredentials("a", tampered);
            assertThrows(CredentialException.class, () -> vaultA.open("ws_1", "acct_1", altered), "byte " + i);
        }
    }

    @Test
    void shouldRefuseTheBlobWhenTruncated() {
        byte[] blob = vaultA.seal("ws_1", "acct_1", CREDENTIALS).blob();

        CredentialException error = assertThrows(
                CredentialException.class,
                () -> vaultA.open("ws_1", "acct_1", new SealedCredentials("a", Arrays.copyOf(blob, 40))));
        assertTrue(error.getMessage().contains("not in a known format"), error.getMessage());
    }

    @Test
    void shouldRefuseTheBlobWhenOpenedForAnotherAccountOrWorkspace() {
        SealedCredentials sealed = vaultA.seal("ws_1", "acct_1", CREDENTIALS);

        CredentialException error =
                assertThrows(CredentialException.class, () -> vaultA.open("ws_1", "acct_2", sealed));
        assertTrue(error.getMessage().contains("failed authentication"), error.getMessage());
        assertThrows(CredentialException.class, () -> vaultA.open("ws_2", "acct_1", sealed));
    }

    @Test
    void shouldRefuseTheBlobWhenItsKeyIdIsSwappedForAnotherKeyOfTheRing() {
        CredentialVault both = new CredentialVault(KeyRing.of(Map.of("a", KEY_A, "b", KEY_B), "a"));
        SealedCredentials sealed = both.seal("ws_1", "acct_1", CREDENTIALS);

        assertThrows(
                CredentialException.class,
                () -> both.open("ws_1", "acct_1", new SealedCredentials("b", sealed.blob())));
    }

    @Test
    void shouldNameTheMissingKeyWhenTheKeyIdIsNotInTheRing() {
        SealedCredentials sealed = vaultA.seal("ws_1", "acct_1", CREDENTIALS);
        CredentialVault onlyB = new CredentialVault(KeyRing.of(Map.of("b", KEY_B), "b"));

        CredentialException error = assertThrows(CredentialException.class, () -> onlyB.open("ws_1", "acct_1", sealed));
        assertTrue(error.getMessage().contains("'a' is not in the key ring [b]"), error.getMessage());
    }

    @Test
    void shouldOpenWithTheOlderKeyAndSealWithTheCurrentOneWhenTheRingRotated() {
        SealedCredentials old = vaultA.seal("ws_1", "acct_1", CREDENTIALS);
        CredentialVault rotated = new CredentialVault(KeyRing.of(Map.of("a", KEY_A, "b", KEY_B), "b"));

        assertFalse(rotated.isCurrent(old));
        Credentials read = rotated.open("ws_1", "acct_1", old);
        SealedCredentials resealed = rotated.seal("ws_1", "acct_1", read);

        assertEquals(CREDENTIALS, read);
        assertEquals("b", resealed.keyId());
        assertTrue(rotated.isCurrent(resealed));
        CredentialVault onlyB = new CredentialVault(KeyRing.of(Map.of("b", KEY_B), "b"));
        assertEquals(CREDENTIALS, onlyB.open("ws_1", "acct_1", resealed));
    }

    /** A record written by this format must stay readable by every later version of the code. */
    @Test
    void shouldOpenARecordSealedEarlierWhenTheFormatIsUnchanged() {
        SealedCredentials stored =
                new SealedCredentials("a", Base64.getDecoder().decode(STORED_BLOB));

        assertEquals(CREDENTIALS, vaultA.open("ws_1", "acct_1", stored));
    }

    @Test
    void shouldShowNoSecretWhenCredentialsArePrinted() {
        String printed = CREDENTIALS.toString();

        assertFalse(printed.contains(ACCESS), printed);
        assertFalse(printed.contains(REFRESH), printed);
        assertFalse(printed.contains("abcd-efgh-ijkl-mnop"), printed);
        assertTrue(printed.contains("app_password"), printed);
        assertTrue(printed.contains("tweet.write"), printed);
    }

    @Test
    void shouldKeepTheStoredRefreshTokenWhenTheNewCredentialsHaveNone() {
        Credentials refreshed = new Credentials("new-access", "", null, List.of(), Map.of());
        Credentials rotatedRefresh = new Credentials("new-access", "new-refresh", null, List.of(), Map.of());
        Credentials withoutRefresh = new Credentials("new-access", null, null, List.of(), Map.of());

        assertEquals(REFRESH, refreshed.keepingRefreshTokenOf(CREDENTIALS).refreshToken());
        assertEquals("new-access", refreshed.keepingRefreshTokenOf(CREDENTIALS).accessToken());
        assertEquals(REFRESH, withoutRefresh.keepingRefreshTokenOf(CREDENTIALS).refreshToken());
        assertEquals(
                "new-refresh", rotatedRefresh.keepingRefreshTokenOf(CREDENTIALS).refreshToken());
    }

    @Test
    void shouldRefuseTheRingWhenAKeyIsNotThirtyTwoBytes() {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> KeyRing.of(Map.of("short", Base64.getEncoder().encodeToString(new byte[16])), "short"));
        assertTrue(error.getMessage().contains("'short' has 16 bytes"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of(Map.of("bad", "not base64!"), "bad"));
    }

    @Test
    void shouldRefuseTheRingWhenTheCurrentKeyIsMissing() {
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of(Map.of("a", KEY_A), "b"));
        assertThrows(
                IllegalArgumentException.class, () -> KeyRing.fromConfig(Map.of("a", KEY_A), Optional.empty(), false));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.fromConfig(Map.of(), Optional.of("a"), true));
    }

    @Test
    void shouldRefuseTheDevKeyWhenInProduction() {
        Map<String, String> dev = Map.of("dev-insecure", KEY_A);

        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> KeyRing.fromConfig(dev, Optional.of("dev-insecure"), true));
        assertTrue(error.getMessage().contains("publicly known"), error.getMessage());
        assertFalse(error.getMessage().contains(KEY_A), "no key material in messages");
        assertEquals(
                "dev-insecure",
                KeyRing.fromConfig(dev, Optional.of("dev-insecure"), false).currentId());
        assertEquals(
                "k1",
                KeyRing.fromConfig(Map.of("k1", KEY_B), Optional.of("k1"), true).currentId());
    }
}
