package dev.herald.publisher.account;

import dev.herald.publisher.account.credential.Credentials;

/**
 * Who a connect flow found at the platform, and what the platform gave Herald to act for them.
 *
 * @param externalId the platform's id of the user (or page): reconnecting it updates the same account
 */
public record ConnectedIdentity(
        String externalId, String handle, String displayName, String avatarUrl, Credentials credentials) {}
