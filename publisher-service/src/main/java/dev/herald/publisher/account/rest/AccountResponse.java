package dev.herald.publisher.account.rest;

import java.time.Instant;

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

        Instant connectedAt) {

    public static AccountResponse from(Account account) {
        return new AccountResponse(
                account.id(),
                "account",
                account.platform(),
                account.handle(),
                account.displayName(),
                account.status(),
                account.mode(),
                account.isSandbox(),
                account.createdAt());
    }
}
