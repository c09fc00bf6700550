package dev.herald.publisher.connector;

import java.net.URI;

import dev.herald.publisher.account.ConnectedIdentity;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.connector.oauth.OAuthException;

/**
 * One platform's way of letting a user grant Herald access (OAuth 2 authorization code with PKCE where the platform
 * has it) and of keeping that access alive. The state, the PKCE pair and the single use of both are Herald's
 * ({@code ConnectService}); a flow only speaks the platform's protocol.
 */
public interface ConnectFlow {

    /** The platform id, as in accounts. */
    String platform();

    /** Whether the operator configured this platform's app (client id); without it no flow can start. */
    boolean configured();

    /** Where to send the user: the platform's consent page for this state and PKCE challenge. */
    URI authorizationUrl(String state, String codeChallenge, String redirectUri);

    /**
     * Exchanges the callback's code for tokens and identifies the user.
     *
     * @throws OAuthException when the platform refuses (permanent) or cannot answer now (transient)
     */
    ConnectedIdentity complete(String code, String codeVerifier, String redirectUri);

    /**
     * New credentials before these expire. The result may lack a refresh token (the caller keeps the stored one).
     *
     * @throws OAuthException permanent when the platform refused the refresh token (the user must reconnect)
     */
    Credentials refresh(Credentials current);
}
