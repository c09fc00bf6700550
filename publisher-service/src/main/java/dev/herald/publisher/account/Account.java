package dev.herald.publisher.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.events.AccountEvent;
import dev.herald.kit.id.Ids;

/** A social account connected to a workspace. */
@Entity
@Table(name = "account")
public class Account {

    public static final String CONNECTED = "connected";
    public static final String REVOKED = "revoked";
    /** The token expired or was refused and could not be refreshed: the user has to connect it again. */
    public static final String EXPIRED = "expired";
    /** The generic sandbox platform, which impersonates no real one. */
    public static final String SANDBOX_PLATFORM = "sandbox";

    @Id
    private String id;

    private String workspaceId;
    private String platform;
    private String handle;
    private String displayName;
    private String status;
    private String mode;
    private boolean sandbox;
    private Instant createdAt;
    private Instant updatedAt;
    private String externalId;
    private String avatarUrl;
    private String scopes;
    private Instant connectedAt;
    private String lastError;
    private Instant tokenExpiresAt;
    private boolean refreshable;
    private Instant refreshNotBefore;
    private Instant expiringAnnouncedFor;
    private Instant lastCallAt;

    protected Account() {
        // for JPA
    }

    /**
     * A connected sandbox account (test mode only): it publishes to the built-in sandbox platform while impersonating
     * {@code platform} ({@code x}, {@code instagram}, ... or the generic {@code sandbox}), whose rules apply to it.
     */
    public static Account sandbox(String workspaceId, String platform, String handle, Instant now) {
        Account account = new Account();
        account.id = Ids.newId("acct");
        account.workspaceId = workspaceId;
        account.platform = platform;
        account.handle = handle;
        account.displayName =
                SANDBOX_PLATFORM.equals(platform) ? "Sandbox " + handle : "Sandbox " + platform + " " + handle;
        account.status = CONNECTED;
        account.mode = "test";
        account.sandbox = true;
        account.createdAt = now;
        account.updatedAt = now;
        account.connectedAt = now;
        return account;
    }

    /** An account a connect flow (OAuth or app password) has just authorised. */
    public static Account connected(
            String workspaceId, String mode, String platform, ConnectedIdentity identity, Instant now) {
        Account account = new Account();
        account.id = Ids.newId("acct");
        account.workspaceId = workspaceId;
        account.platform = platform;
        account.mode = mode;
        account.externalId = identity.externalId();
        account.createdAt = now;
        account.reconnect(identity, now);
        return account;
    }

    /** The same platform user connected again: fresh profile, connected whatever it was before. */
    public void reconnect(ConnectedIdentity identity, Instant now) {
        handle = identity.handle();
        displayName = identity.displayName();
        avatarUrl = identity.avatarUrl();
        scopes = String.join(" ", identity.credentials().scopes());
        status = CONNECTED;
        connectedAt = now;
        updatedAt = now;
        tokensRenewed(identity.credentials().expiresAt(), identity.credentials().hasRefreshToken(), now);
    }

    /** A refresh (or a connect) brought a working token. */
    public void tokensRenewed(Instant expiresAt, boolean canRefresh, Instant now) {
        tokenExpiresAt = expiresAt;
        refreshable = canRefresh;
        refreshNotBefore = null;
        lastError = null;
        updatedAt = now;
    }

    /**
     * A refresh failed in a way that may pass (network, platform 5xx or 429): the account stays connected — a
     * transient error never disconnects it — and the next try waits until {@code retryAt}.
     */
    public void refreshFailedTransiently(String message, Instant retryAt, Instant now) {
        lastError = message;
        refreshNotBefore = retryAt;
        updatedAt = now;
    }

    /** The platform refused the refresh (or the token ran out without one): only the user can reconnect it. */
    public boolean expire(String reason, Instant now) {
        if (!isConnected()) {
            return false;
        }
        status = EXPIRED;
        lastError = reason;
        updatedAt = now;
        return true;
    }

    /**
     * Whether an {@code account.expiring} is owed: the access ends within {@code notice} and cannot be renewed without
     * the user, and this expiry was not announced yet.
     */
    public boolean owesExpiringNotice(Duration notice, Instant now) {
        return isConnected()
                && !refreshable
                && tokenExpiresAt != null
                && tokenExpiresAt.isBefore(now.plus(notice))
                && !tokenExpiresAt.equals(expiringAnnouncedFor);
    }

    public void expiringAnnounced() {
        expiringAnnouncedFor = tokenExpiresAt;
    }

    /**
     * How long a platform call must wait to keep {@code minInterval} after this account's previous one (per-account
     * pacing), if at all.
     */
    public Optional<Duration> paceWait(Duration minInterval, Instant now) {
        if (lastCallAt == null || minInterval.isZero()) {
            return Optional.empty();
        }
        Duration since = Duration.between(lastCallAt, now);
        return since.compareTo(minInterval) >= 0 ? Optional.empty() : Optional.of(minInterval.minus(since));
    }

    /** Disconnects; returns {@code false} when it already was. */
    public boolean disconnect(Instant now) {
        if (REVOKED.equals(status)) {
            return false;
        }
        status = REVOKED;
        updatedAt = now;
        return true;
    }

    public boolean isConnected() {
        return CONNECTED.equals(status);
    }

    public AccountEvent toEvent() {
        return toEvent(null);
    }

    /** The account's state for the accounts topic; {@code reconnectUrl} for events that ask the user back. */
    public AccountEvent toEvent(String reconnectUrl) {
        // A refreshable token's expiry is routine; only an access that ends without the user is announced.
        return new AccountEvent(
                id,
                workspaceId,
                platform,
                handle,
                status,
                mode,
                updatedAt,
                lastError,
                refreshable ? null : tokenExpiresAt,
                reconnectUrl);
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String platform() {
        return platform;
    }

    public String handle() {
        return handle;
    }

    public String displayName() {
        return displayName;
    }

    public String status() {
        return status;
    }

    public String mode() {
        return mode;
    }

    /** Publishes to the sandbox platform, whatever {@link #platform()} it impersonates. */
    public boolean isSandbox() {
        return sandbox;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The platform's own id of the user or page, for connected (non-sandbox) accounts. */
    public String externalId() {
        return externalId;
    }

    public String avatarUrl() {
        return avatarUrl;
    }

    /** The scopes the platform granted, space-separated. */
    public String scopes() {
        return scopes;
    }

    public Instant connectedAt() {
        return connectedAt == null ? createdAt : connectedAt;
    }

    public String lastError() {
        return lastError;
    }

    public Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    public boolean isRefreshable() {
        return refreshable;
    }
}
