package dev.herald.publisher.account;

import java.time.Instant;

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
        return account;
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
        return new AccountEvent(id, workspaceId, platform, handle, status, mode, updatedAt);
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
}
