package dev.herald.publisher.account.connect;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.events.EventTypes;
import dev.herald.events.Topics;
import dev.herald.kit.error.ApiError;
import dev.herald.kit.error.ApiException;
import dev.herald.kit.outbox.Outbox;
import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.CredentialService;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.publisher.connector.ConnectFlow;
import dev.herald.publisher.connector.Connectors;
import dev.herald.publisher.connector.oauth.OAuthException;
import dev.herald.publisher.connector.oauth.Pkce;

/**
 * Connecting accounts through the platform's consent page: {@link #start} remembers a flow under an unguessable,
 * single-use state with a PKCE verifier, {@link #complete} takes the platform's callback, trades the code for
 * tokens (stored encrypted) and connects the account — or reconnects it, when that platform user already has one in
 * the workspace.
 */
@ApplicationScoped
public class ConnectService {

    private static final Logger LOG = Logger.getLogger(ConnectService.class);
    private static final String VERIFIER = "code_verifier";

    private final ConnectSessionRepository sessions;
    private final AccountRepository accounts;
    private final CredentialService credentials;
    private final Connectors connectors;
    private final Outbox outbox;
    private final PublisherConfig.Connect config;

    public ConnectService(
            ConnectSessionRepository sessions,
            AccountRepository accounts,
            CredentialService credentials,
            Connectors connectors,
            Outbox outbox,
            PublisherConfig config) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.credentials = credentials;
        this.connectors = connectors;
        this.outbox = outbox;
        this.config = config.connect();
    }

    /** A started flow: send the user to {@code authorizationUrl} before {@code expiresAt}. */
    public record Started(String id, URI authorizationUrl, String redirectUri, Instant expiresAt) {}

    /** A finished flow: the connected account, and where the user's browser goes next (if the tenant said). */
    public record Completed(Account account, String returnUrl) {}

    /** A flow that failed after its state was spent: the tenant's page (if any) hears about it, as the user does. */
    public static final class Failed extends ApiException {

        private final String returnUrl;

        Failed(int status, String code, String message, String returnUrl) {
            super(status, code, message);
            this.returnUrl = returnUrl;
        }

        public String returnUrl() {
            return returnUrl;
        }
    }

    /**
     * Starts a consent-page flow.
     *
     * @param params what the platform's flow needs besides the return URL (a Mastodon {@code instance_url})
     */
    public Started start(
            String workspaceId, String mode, String platform, String returnUrl, Map<String, String> params) {
        ConnectFlow flow = flow(platform);
        if (!flow.usesConsentPage()) {
            throw new ApiException(
                    400,
                    "sign_in_required",
                    platform + " accounts are connected by signing in: send the credentials in this call.");
        }
        ReturnUrls.check(returnUrl);
        Map<String, String> kept = new TreeMap<>(params);
        Instant now = Instant.now();
        String id = ConnectSession.newId();
        String state = Pkce.randomToken();
        String verifier = Pkce.randomToken();
        String redirectUri = stripSlash(config.callbackBaseUrl()) + "/v1/accounts/callback/" + platform;
        Instant expiresAt = now.plus(config.sessionTtl());
        var sealed =
                credentials.seal(workspaceId, id, new Credentials(null, null, null, null, Map.of(VERIFIER, verifier)));
        // The flow may call the platform (a Mastodon app registration) and adds what the callback will need.
        URI consent = flow.authorizationUrl(state, Pkce.challenge(verifier), redirectUri, kept);
        QuarkusTransaction.requiringNew()
                .run(() -> sessions.persist(ConnectSession.start(
                        id,
                        Pkce.hash(state),
                        workspaceId,
                        mode,
                        platform,
                        redirectUri,
                        returnUrl,
                        sealed,
                        kept,
                        now,
                        expiresAt)));
        return new Started(id, consent, redirectUri, expiresAt);
    }

    /**
     * Completes a flow from the platform's callback. The state is spent first, in its own transaction, so a replayed
     * callback is refused even when the platform call below fails; the platform is called outside any transaction.
     */
    public Completed complete(String platform, String state, String code, String error, String errorDescription) {
        if (state == null || state.isBlank()) {
            throw ApiException.invalid(
                    "The callback has no state.",
                    List.of(new ApiError.Detail("state", "required", "The platform sends it back with the code.")));
        }
        ConnectFlow flow = flow(platform);
        Claimed claimed = QuarkusTransaction.requiringNew().call(() -> claim(platform, state, error));
        if (error != null) {
            throw new Failed(
                    400,
                    "authorization_denied",
                    "The user did not grant access on " + platform + ": " + error
                            + (errorDescription == null ? "" : " (" + errorDescription + ")"),
                    claimed.session().returnUrl());
        }
        if (code == null || code.isBlank()) {
            throw new Failed(
                    400,
                    "code_required",
                    "The callback has no code.",
                    claimed.session().returnUrl());
        }
        ConnectedIdentity identity;
        try {
            identity = flow.complete(
                    code,
                    claimed.verifier(),
                    claimed.session().redirectUri(),
                    claimed.session().params());
        } catch (OAuthException e) {
            LOG.infof("Connect flow %s on %s failed: %s", claimed.session().id(), platform, e.getMessage());
            throw new Failed(
                    e.permanent() ? 400 : 502,
                    e.permanent() ? "authorization_failed" : "platform_unavailable",
                    e.getMessage(),
                    claimed.session().returnUrl());
        }
        Account account = QuarkusTransaction.requiringNew().call(() -> connect(claimed.session(), identity));
        return new Completed(account, claimed.session().returnUrl());
    }

    /**
     * Connects an account of a platform without a consent page by signing in with what the user typed (a Bluesky
     * handle and app password). The typed secret is only kept encrypted, inside the account's credentials.
     */
    public Account signIn(String workspaceId, String mode, String platform, Map<String, String> fields) {
        ConnectFlow flow = flow(platform);
        if (flow.usesConsentPage()) {
            throw new ApiException(
                    400,
                    "consent_page_required",
                    platform + " accounts are connected through a consent page: start the flow without credentials.");
        }
        ConnectedIdentity identity;
        try {
            identity = flow.signIn(fields);
        } catch (OAuthException e) {
            throw new ApiException(
                    e.permanent() ? 400 : 502,
                    e.permanent() ? "sign_in_refused" : "platform_unavailable",
                    e.getMessage());
        }
        return QuarkusTransaction.requiringNew().call(() -> upsert(workspaceId, mode, platform, identity));
    }

    private record Claimed(ConnectSession session, String verifier) {}

    private Claimed claim(String platform, String state, String error) {
        ConnectSession session = sessions.findByStateLocked(Pkce.hash(state))
                .orElseThrow(() -> new ApiException(
                        400, "invalid_state", "Unknown state: this callback does not belong to a connect flow."));
        session.consume(platform, Instant.now());
        if (error != null) {
            session.failed("authorization_denied");
        }
        String verifier = credentials
                .open(session.workspaceId(), session.id(), session.sealedVerifier())
                .secrets()
                .get(VERIFIER);
        return new Claimed(session, verifier);
    }

    private Account connect(ConnectSession session, ConnectedIdentity identity) {
        Account account = upsert(session.workspaceId(), session.mode(), session.platform(), identity);
        sessions.findById(session.id()).connected(account.id());
        return account;
    }

    /** Connects the platform user's account, or reconnects it when the workspace already has it. */
    private Account upsert(String workspaceId, String mode, String platform, ConnectedIdentity identity) {
        Instant now = Instant.now();
        Account account = accounts.findByExternalId(workspaceId, platform, mode, identity.externalId())
                .orElse(null);
        if (account == null) {
            account = Account.connected(workspaceId, mode, platform, identity, now);
            accounts.persist(account);
        } else {
            account.reconnect(identity, now);
        }
        credentials.store(account, identity.credentials());
        outbox.append(Topics.ACCOUNTS, account.id(), EventTypes.ACCOUNT_CONNECTED, account.toEvent());
        return account;
    }

    private ConnectFlow flow(String platform) {
        ConnectFlow flow = connectors
                .connectFlow(platform)
                .orElseThrow(() -> new ApiException(
                        400,
                        "connect_not_supported",
                        "Accounts of '" + platform + "' cannot be connected through a consent page yet."));
        if (!flow.configured()) {
            throw new ApiException(
                    400,
                    "platform_not_configured",
                    "This Herald installation has no " + platform + " app configured (HERALD_PUBLISHER_APPS_"
                            + platform.toUpperCase() + "_CLIENT_ID).");
        }
        return flow;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
