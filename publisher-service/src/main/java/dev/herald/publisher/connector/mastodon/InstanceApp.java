package dev.herald.publisher.connector.mastodon;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.herald.publisher.account.credential.SealedCredentials;

/** Herald's OAuth app on one Mastodon instance (registered on first use, then reused); its secret sealed. */
@Entity
@Table(name = "instance_app")
@IdClass(InstanceApp.Key.class)
public class InstanceApp {

    @Id
    private String platform;

    @Id
    private String instanceUrl;

    @Id
    private String redirectUri;

    private String clientId;
    private String keyId;
    private byte[] sealedSecret;
    private Instant createdAt;

    protected InstanceApp() {
        // for JPA
    }

    static InstanceApp registered(
            String platform, String instanceUrl, String redirectUri, String clientId, SealedCredentials secret) {
        InstanceApp app = new InstanceApp();
        app.platform = platform;
        app.instanceUrl = instanceUrl;
        app.redirectUri = redirectUri;
        app.clientId = clientId;
        app.keyId = secret.keyId();
        app.sealedSecret = secret.blob();
        app.createdAt = Instant.now();
        return app;
    }

    String clientId() {
        return clientId;
    }

    SealedCredentials sealedSecret() {
        return new SealedCredentials(keyId, sealedSecret);
    }

    /** The composite key. */
    public static class Key implements Serializable {
        private String platform;
        private String instanceUrl;
        private String redirectUri;

        public Key() {
            // for JPA
        }

        Key(String platform, String instanceUrl, String redirectUri) {
            this.platform = platform;
            this.instanceUrl = instanceUrl;
            this.redirectUri = redirectUri;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && platform.equals(key.platform)
                    && instanceUrl.equals(key.instanceUrl)
                    && redirectUri.equals(key.redirectUri);
        }

        @Override
        public int hashCode() {
            return Objects.hash(platform, instanceUrl, redirectUri);
        }
    }
}
