package dev.herald.publisher.connector;

import dev.herald.events.PublishRequest;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.account.token.TokenService;

/**
 * What every connector settles before calling its platform: fresh credentials, or why there will be no call — the
 * account's access is gone, or the post has media and the connector does not send media yet.
 *
 * @param refusal the outcome to answer instead of calling; {@code null} when the call can go ahead
 */
public record CallReadiness(Credentials credentials, PublishOutcome refusal) {

    public static CallReadiness check(
            TokenService tokens, Account account, PublishRequest request, String platformName) {
        return check(tokens, account, request, platformName, false);
    }

    /** @param sendsMedia whether the connector publishes the post's files (else a post with media is refused) */
    public static CallReadiness check(
            TokenService tokens, Account account, PublishRequest request, String platformName, boolean sendsMedia) {
        Credentials credentials;
        try {
            credentials = tokens.forCall(account);
        } catch (TokenService.AccessExpired e) {
            return new CallReadiness(null, PublishOutcome.failed("auth_expired", e.getMessage()));
        }
        if (!sendsMedia && !request.content().mediaIds().isEmpty()) {
            return new CallReadiness(
                    null,
                    PublishOutcome.failed(
                            "media_unsupported",
                            "Publishing media to " + platformName + " is not available in this Herald version yet."));
        }
        return new CallReadiness(credentials, null);
    }

    public boolean refused() {
        return refusal != null;
    }
}
