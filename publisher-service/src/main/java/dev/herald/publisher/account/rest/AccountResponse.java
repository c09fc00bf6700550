package dev.herald.publisher.account.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.herald.publisher.account.Account;

/** An account as the API shows it (never its credentials). */
@Schema(name = "Account")
public record AccountResponse(
        String id,
        String object,
        String platform,
        String handle,
        String displayName,
        String status,
        String mode,

        @Schema(description = "A test-mode account that publishes to the sandbox while impersonating its platform")
        boolean sandbox,

        Instant connectedAt,

        @Schema(description = "Profile picture at the platform, if it has one")
        String avatarUrl,

        @Schema(description = "What the platform granted") List<String> scopes,

        @Schema(description = "When the access token expires, if it does (refreshed before then when possible)")
        Instant tokenExpiresAt,

        @Schema(description = "Why the account is not connected, or the last problem keeping it so")
        String lastError,

        @Schema(description = "The platform API version Herald publishes to this account with")
        String platformApiVersion) {

    public static AccountResponse from(Account account) {
        return from(account, null);
    }

    public static AccountResponse from(Account account, String platformApiVersion) {
        return new AccountResponse(
                account.id(),
                "account",
                account.platform(),
                account.handle(),
                account.displayName(),
                account.status(),
                account.mode(),
                account.isSandbox(),
                account.connectedAt(),
                account.avatarUrl(),
                account.scopes() == null || account.scopes().isBlank()
                        ? List.of()
                        : Arrays.asList(account.scopes().split(" ")),
                account.tokenExpiresAt(),
                account.lastError(),
                platformApiVersion);
    }
}
