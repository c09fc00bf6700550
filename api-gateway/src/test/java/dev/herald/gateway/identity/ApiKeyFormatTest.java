package dev.herald.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    @Test
    void shouldAcceptAFreshKeyWhenItsChecksumMatches() {
        String key = ApiKeyFormat.newSecret("live");

        assertTrue(key.matches("hk_live_[0-9A-Za-z]{49}"), key);
        assertTrue(ApiKeyFormat.isWellFormed(key));
        assertNotEquals(key, ApiKeyFormat.newSecret("live"));
    }

    @Test
    void shouldRefuseAKeyWhenOneCharacterIsMistyped() {
        String key = ApiKeyFormat.newSecret("test");
        char[] chars = key.toCharArray();
        chars[20] = chars[20] == 'a' ? 'b' : 'a';

        assertFalse(ApiKeyFormat.isWellFormed(new String(chars)));
        assertFalse(ApiKeyFormat.isWellFormed(key.replace("hk_test_", "hk_prod_")));
        assertFalse(ApiKeyFormat.isWellFormed(key + "x"));
        assertFalse(ApiKeyFormat.isWellFormed(null));
    }
}
