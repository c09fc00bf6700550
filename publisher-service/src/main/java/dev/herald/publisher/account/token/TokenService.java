package dev.herald.publisher.account.token;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.events.EventTypes;
import dev.herald.events.Topics;
import dev.herald.kit.outbox.Outbox;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.credential.CredentialService;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.Connectors;
import dev.herald.publisher.connector.oauth.OAuthException;

/**
 * Keeps connected accounts' tokens alive: refreshes them shortly before they expire, one refresh per account at a
 * time, and tells the tenant early when only the user can renew access ({@code account.expiring}) or when it is gone
 * ({@code account.expired}). A transient refresh failure never disconnects an account.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);

    /** What a refresh did. */
    public enum Refresh {
        /** New tokens are stored. */
        REFRESHED,
        /** Not due (any more: a concurrent refresh already renewed them), or nothing to refresh. */
        NOT_DUE,
        /** The platform could not answer; the account stays connected and is tried again later. */
        RETRY_LATER,
        /** The platform refused: the account is expired and {@code account.expired} was sent. */
        EXPIRED
    }

    private final AccountRepository accounts;
    private final CredentialService credentials;
    private final Connectors connectors;
    private final Outbox outbox;
    private final PublisherConfig.Tokens config;
    private final String connectBaseUrl;

    public TokenService(
            AccountRepository accounts,
            CredentialService credentials,
            Connectors connectors,
            Outbox outbox,
            PublisherConfig config) {
        this.accounts = accounts;
        this.credentials = credentials;
        this.connectors = connectors;
        this.outbox = outbox;
        this.config = config.tokens();
        String base = config.connect().callbackBaseUrl();
        this.connectBaseUrl =
                (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/accounts/connect/";
    }

    /**
     * Refreshes the account's tokens if they expire within the refresh lead time. The credential row stays locked
     * during the platform call, so concurrent triggers for one account wait and then find fresh tokens: one call.
     */
    public Refresh refreshIfDue(String accountId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Account account = accounts.findById(accountId);
            Optional<ConnectFlow> flow =
                    account == null ? Optional.empty() : connectors.connectFlow(account.platform());
            if (account == null || !account.isConnected() || account.isSandbox() || flow.isEmpty()) {
                return Refresh.NOT_DUE;
            }
            Optional<Credentials> stored = credentials.readLocked(account);
            if (stored.isEmpty()
                    || !stored.get().hasRefreshToken()
                    || stored.get().expiresAt() == null
                    || stored.get().expiresAt().isAfter(now.plus(config.refreshAhead()))) {
                return Refresh.NOT_DUE;
            }
            try {
                Credentials fresh = flow.get().refresh(stored.get());
                credentials.store(account, fresh);
                account.tokensRenewed(fresh.expiresAt(), true, now);
                return Refresh.REFRESHED;
            } catch (OAuthException e) {
                if (!e.permanent()) {
                    LOG.infof("Refreshing %s failed transiently, retrying later: %s", accountId, e.getMessage());
                    account.refreshFailedTransiently(e.getMessage(), now.plus(config.retryAfter()), now);
                    return Refresh.RETRY_LATER;
                }
                LOG.infof("Refreshing %s was refused, the account expires: %s", accountId, e.getMessage());
                account.expire("The platform refused to renew access: " + e.getMessage(), now);
                outbox.append(
                        Topics.ACCOUNTS,
                        account.id(),
                        EventTypes.ACCOUNT_EXPIRED,
                        account.toEvent(reconnectUrl(account)));
                return Refresh.EXPIRED;
            }
        });
    }

    /**
     * The credentials to call the platform with, refreshed first when they are about to expire.
     *
     * @throws AccessExpired when the platform refused the refresh or nothing is stored: only the user can fix it
     */
    public Credentials forCall(Account account) {
        if (refreshIfDue(account.id()) == Refresh.EXPIRED) {
            throw new AccessExpired("The platform refused to renew the account's access; reconnect it.");
        }
        return credentials
                .read(account)
                .orElseThrow(() -> new AccessExpired("No credentials are stored for this account; reconnect it."));
    }

    /** The account's access is gone until its user reconnects it. */
    public static final class AccessExpired extends RuntimeException {
        public AccessExpired(String message) {
            super(message);
        }
    }

    /**
     * For an account whose token cannot be refreshed: announces the coming expiry once ({@code account.expiring}),
     * and marks it expired once the token has run out ({@code account.expired}).
     */
    public void checkExpiry(String accountId) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now();
            Account account = accounts.findLocked(accountId).orElse(null);
            if (account == null || account.isRefreshable() || account.tokenExpiresAt() == null) {
                return;
            }
            if (!account.tokenExpiresAt().isAfter(now)) {
                if (account.expire("The access token expired and " + account.platform() + " cannot renew it.", now)) {
                    outbox.append(
                            Topics.ACCOUNTS,
                            account.id(),
                            EventTypes.ACCOUNT_EXPIRED,
                            account.toEvent(reconnectUrl(account)));
                }
            } else if (account.owesExpiringNotice(config.expiryNotice(), now)) {
                account.expiringAnnounced();
                outbox.append(
                        Topics.ACCOUNTS,
                        account.id(),
                        EventTypes.ACCOUNT_EXPIRING,
                        account.toEvent(reconnectUrl(account)));
            }
        });
    }

    /** Where the tenant starts connecting the account again ({@code POST}). */
    private String reconnectUrl(Account account) {
        return connectBaseUrl + account.platform();
    }
}
