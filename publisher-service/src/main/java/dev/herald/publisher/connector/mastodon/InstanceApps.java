package dev.herald.publisher.connector.mastodon;

import java.net.URI;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.herald.publisher.account.credential.CredentialService;
import dev.herald.publisher.account.credential.Credentials;
import dev.herald.publisher.connector.http.PlatformHttp;
import dev.herald.publisher.connector.oauth.OAuthException;

/**
 * Herald's app on each Mastodon instance: registered with {@code POST /api/v1/apps} the first time a user of that
 * instance connects (https://docs.joinmastodon.org/methods/apps/#create), then reused. Its client secret is sealed
 * like an account's tokens (bound to the pseudo-workspace {@code instance-apps}).
 */
@ApplicationScoped
public class InstanceApps implements PanacheRepositoryBase<InstanceApp, InstanceApp.Key> {

    static final String SCOPES = "read:accounts read:statuses write:statuses write:media";
    private static final String OWNER = "instance-apps";

    private final CredentialService credentials;

    public InstanceApps(CredentialService credentials) {
        this.credentials = credentials;
    }

    /** The registered app's client id and secret. */
    record Client(String clientId, String clientSecret) {}

    Client forInstance(PlatformHttp http, String instanceUrl, String redirectUri) {
        InstanceApp known = QuarkusTransaction.requiringNew()
                .call(() -> findById(new InstanceApp.Key("mastodon", instanceUrl, redirectUri)));
        if (known != null) {
            return new Client(known.clientId(), secretOf(instanceUrl, known));
        }
        PlatformHttp.Answer answer;
        try {
            answer = http.postJson(
                    URI.create(instanceUrl + "/api/v1/apps"),
                    Map.of(),
                    PlatformHttp.object()
                            .put("client_name", "Herald")
                            .put("redirect_uris", redirectUri)
                            .put("scopes", SCOPES)
                            .put("website", "https://github.com/herald"));
        } catch (PlatformHttp.NotSent e) {
            throw OAuthException.transientFailure("The instance could not be reached: " + e.getMessage());
        }
        String clientId = answer.body().path("client_id").asText("");
        String secret = answer.body().path("client_secret").asText("");
        if (!answer.ok() || clientId.isEmpty() || secret.isEmpty()) {
            throw new OAuthException(
                    answer.status() / 100 == 4,
                    "app_registration_failed",
                    "The instance refused to register Herald (" + answer.status() + "): "
                            + answer.body().path("error").asText(answer.raw()));
        }
        InstanceApp app = InstanceApp.registered(
                "mastodon",
                instanceUrl,
                redirectUri,
                clientId,
                credentials.seal(
                        OWNER, instanceUrl, new Credentials(null, null, null, null, Map.of("secret", secret))));
        // Two users of a new instance at once: both register, the first stored wins, the other app goes unused.
        QuarkusTransaction.requiringNew().run(() -> {
            if (findById(new InstanceApp.Key("mastodon", instanceUrl, redirectUri)) == null) {
                persist(app);
            }
        });
        return forInstance(http, instanceUrl, redirectUri);
    }

    private String secretOf(String instanceUrl, InstanceApp app) {
        return credentials
                .open(OWNER, instanceUrl, app.sealedSecret())
                .secrets()
                .get("secret");
    }
}
