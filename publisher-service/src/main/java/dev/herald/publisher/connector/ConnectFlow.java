package dev.herald.publisher.connector;

import java.net.URI;
import java.util.Map;

import dev.herald.kit.error.ApiException;
import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.connector.oauth.OAuthException;

/**
 * One platform's way of letting a user grant Herald access and of keeping that access alive: either a consent page
 * (OAuth 2 authorization code, with PKCE where the platform has it) or a sign-in with what the user types (a Bluesky
 * app password). The state, the PKCE pair and their single use are Herald's ({@code ConnectService}); a flow only
 * speaks the platform's protocol.
 */
public interface ConnectFlow {

    /** The platform id, as in accounts. */
    String platform();

    /** Whether the operator configured what this flow needs (an app's client id); without it no flow can start. */
    boolean configured();

    /** {@code true}: the user is sent to a consent page; {@code false}: {@link #signIn} with typed credentials. */
    default boolean usesConsentPage() {
        return true;
    }

    /**
     * Where to send the user: the platform's consent page for this state and PKCE challenge.
     *
     * @param params what the connect request said beyond the return URL (a Mastodon {@code instance_url}); a flow may
     *     add to it what {@link #complete} will need, and it is kept with the flow (never secrets)
     * @throws ApiException 400 when {@code params} are missing or unusable
     */
    URI authorizationUrl(String state, String codeChallenge, String redirectUri, Map<String, String> params);

    /**
     * Exchanges the callback's code for tokens and identifies the user.
     *
     * @param params what {@link #authorizationUrl} kept
     * @throws OAuthException when the platform refuses (permanent) or cannot answer now (transient)
     */
    ConnectedIdentity complete(String code, String codeVerifier, String redirectUri, Map<String, String> params);

    /**
     * Signs in with what the user typed (for flows without a consent page).
     *
     * @throws OAuthException permanent when the platform refuses the credentials
     * @throws ApiException 400 when a field is missing
     */
    default ConnectedIdentity signIn(Map<String, String> fields) {
        throw new ApiException(
                400, "connect_not_supported", platform() + " accounts are connected through a consent page.");
    }

    /**
     * New credentials before these expire. The result may lack a refresh token (the caller keeps the stored one).
     *
     * @throws OAuthException permanent when the platform refused the refresh token (the user must reconnect)
     */
    Credentials refresh(Credentials current);
}
