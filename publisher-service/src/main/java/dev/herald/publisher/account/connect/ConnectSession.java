package dev.herald.publisher.account.connect;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.herald.kit.error.ApiException;
import dev.herald.kit.id.Ids;
import dev.herald.publisher.account.credential.SealedCredentials;

/**
 * A connect flow between sending the user to the platform and the platform's callback. Found by the hash of its
 * state, used once, valid for a limited time; the PKCE verifier inside is sealed like a credential.
 */
@Entity
@Table(name = "connect_session")
public class ConnectSession {

    @Id
    private String id;

    private String stateHash;
    private String workspaceId;
    private String mode;
    private String platform;
    private String redirectUri;
    private String returnUrl;
    private String keyId;
    private byte[] sealedVerifier;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant completedAt;
    private String accountId;
    private String errorCode;
    /** What the platform's flow needs at the callback (a Mastodon instance), as sorted {@code key=value} lines. */
    private String params;

    protected ConnectSession() {
        // for JPA
    }

    public static String newId() {
        return Ids.newId("conn");
    }

    static ConnectSession start(
            String id,
            String stateHash,
            String workspaceId,
            String mode,
            String platform,
            String redirectUri,
            String returnUrl,
            SealedCredentials verifier,
            Map<String, String> params,
            Instant now,
            Instant expiresAt) {
        ConnectSession session = new ConnectSession();
        session.id = id;
        session.stateHash = stateHash;
        session.workspaceId = workspaceId;
        session.mode = mode;
        session.platform = platform;
        session.redirectUri = redirectUri;
        session.returnUrl = returnUrl;
        session.keyId = verifier.keyId();
        session.sealedVerifier = verifier.blob();
        session.params = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        session.createdAt = now;
        session.expiresAt = expiresAt;
        return session;
    }

    /**
     * Takes the session for this callback: it must be for this platform, unused and unexpired. A state is spent by
     * its first callback whatever happens next, so a replayed callback URL can never connect anything.
     */
    void consume(String callbackPlatform, Instant now) {
        if (!platform.equals(callbackPlatform)) {
            throw new ApiException(400, "invalid_state", "This state was issued for another platform.");
        }
        if (completedAt != null) {
            throw new ApiException(409, "state_used", "This connect flow was already completed; start a new one.");
        }
        completedAt = now;
        if (now.isAfter(expiresAt)) {
            errorCode = "state_expired";
            throw new ApiException(400, "state_expired", "This connect flow expired; start a new one.");
        }
    }

    void failed(String code) {
        errorCode = code;
    }

    void connected(String account) {
        accountId = account;
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String mode() {
        return mode;
    }

    public String platform() {
        return platform;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public String returnUrl() {
        return returnUrl;
    }

    public Map<String, String> params() {
        Map<String, String> values = new TreeMap<>();
        if (params != null && !params.isEmpty()) {
            for (String line : params.split("\n")) {
                int eq = line.indexOf('=');
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    SealedCredentials sealedVerifier() {
        return new SealedCredentials(keyId, sealedVerifier);
    }
}
