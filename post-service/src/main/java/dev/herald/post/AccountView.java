package dev.herald.post;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.events.AccountEvent;

/** What the post-service knows of a publisher account: enough to validate targets without calling the publisher. */
@Entity
@Table(name = "account_view")
public class AccountView {

    public static final String CONNECTED = "connected";

    @Id
    private String id;

    private String workspaceId;
    private String platform;
    private String handle;
    private String status;
    private String mode;
    private Instant updatedAt;
    private Instant accessExpiresAt;

    protected AccountView() {
        // for JPA
    }

    public static AccountView from(AccountEvent event) {
        AccountView view = new AccountView();
        view.id = event.accountId();
        view.update(event);
        return view;
    }

    /** Applies an account event unless it is older than what is known (compacted topics may replay). */
    public boolean update(AccountEvent event) {
        if (updatedAt != null
                && event.occurredAt() != null
                && event.occurredAt().isBefore(updatedAt)) {
            return false;
        }
        workspaceId = event.workspaceId();
        platform = event.platform();
        handle = event.handle();
        status = event.status();
        mode = event.mode();
        accessExpiresAt = event.expiresAt();
        updatedAt = event.occurredAt() != null ? event.occurredAt() : Instant.now();
        return true;
    }

    public boolean isConnected() {
        return CONNECTED.equals(status);
    }

    /** When access ends unless the user reconnects the account; {@code null} when it does not (or is refreshed). */
    public Instant accessExpiresAt() {
        return accessExpiresAt;
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

    public String status() {
        return status;
    }

    public String mode() {
        return mode;
    }
}
