package dev.herald.publisher.account.credential;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.config.PublisherConfig;
import dev.herald.testsupport.HeraldInfraResource;
import dev.herald.testsupport.InternalTokens;

@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, scope = TestResourceScope.GLOBAL)
class CredentialServiceTest {

    private final String workspace = "ws_" + UUID.randomUUID();
    private final String accessToken = "ya29.access-" + UUID.randomUUID();
    private final String refreshToken = "1//refresh-" + UUID.randomUUID();

    @Inject
    CredentialService service;

    @Inject
    AccountCredentialRepository credentials;

    @Inject
    AccountRepository accounts;

    @Inject
    PublisherConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldReturnTheStoredCredentialsWhenReadBack() {
        Account account = account();
        Credentials stored = credentials(accessToken, refreshToken);

        service.store(account, stored);

        assertEquals(Optional.of(stored), service.read(account));
        assertEquals(Optional.empty(), service.read(account()));
    }

    @Inject
    dev.herald.publisher.account.service.AccountService accountService;

    @Test
    void shouldForgetTheCredentialsWhenTheAccountIsDisconnected() {
        Account account = account();
        service.store(account, credentials(accessToken, refreshToken));

        accountService.disconnect(workspace, account.id());

        assertEquals(Optional.empty(), service.read(account));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> credentials.count("accountId", account.id())));
    }

    @Test
    void shouldLeaveNoTokenReadableInTheTableWhenStored() throws SQLException {
        Account account = account();

        service.store(account, credentials(accessToken, refreshToken));

        String dump = dump(account.id());
        assertTrue(dump.contains(account.id()), "the dump shows the row: " + dump);
        for (String secret : List.of(accessToken, refreshToken, "bsky-app-password")) {
            byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
            assertFalse(dump.contains(secret), secret);
            assertFalse(dump.contains(Base64.getEncoder().encodeToString(utf8)), secret + " in base64");
            assertFalse(dump.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8)), secret);
            assertFalse(dump.contains(HexFormat.of().formatHex(utf8)), secret + " in hex");
        }
    }

    @Test
    void shouldRefuseTheCredentialsWhenTheirCiphertextWasAltered() throws SQLException {
        Account account = account();
        service.store(account, credentials(accessToken, refreshToken));
        byte[] blob = ciphertext(account.id());
        blob[blob.length - 1] ^= 0x01;
        sql("UPDATE account_credential SET ciphertext = ? WHERE account_id = ?", blob, account.id());

        CredentialException error = assertThrows(CredentialException.class, () -> service.read(account));
        assertTrue(error.getMessage().contains("failed authentication"), error.getMessage());
    }

    @Test
    void shouldRefuseTheCredentialsWhenCopiedFromAnotherAccount() throws SQLException {
        Account victim = account();
        Account attacker = account();
        service.store(victim, credentials(accessToken, refreshToken));
        service.store(attacker, credentials("attacker-access", "attacker-refresh"));

        sql(
                "UPDATE account_credential SET (key_id, ciphertext) ="
                        + " (SELECT key_id, ciphertext FROM account_credential WHERE account_id = ?)"
                        + " WHERE account_id = ?",
                victim.id(),
                attacker.id());

        assertThrows(CredentialException.class, () -> service.read(attacker));
        assertEquals(accessToken, service.read(victim).orElseThrow().accessToken());
    }

    @Test
    void shouldNameTheKeyWhenTheCredentialsUseAKeyNotInTheRing() throws SQLException {
        Account account = account();
        service.store(account, credentials(accessToken, refreshToken));
        sql("UPDATE account_credential SET key_id = 'retired-2019' WHERE account_id = ?", account.id());

        CredentialException error = assertThrows(CredentialException.class, () -> service.read(account));
        assertTrue(error.getMessage().contains("'retired-2019' is not in the key ring"), error.getMessage());
    }

    @Test
    void shouldRewrapWithTheCurrentKeyWhenCredentialsWrittenWithAnOlderKeyAreRead() throws SQLException {
        Account account = account();
        Credentials written = credentials(accessToken, refreshToken);
        // The service as it was before the rotation, when the older key was current.
        CredentialService beforeRotation = new CredentialService(
                credentials, new CredentialVault(KeyRing.of(config.credentials().keys(), "dev-insecure-old")));
        QuarkusTransaction.requiringNew().run(() -> beforeRotation.store(account, written));
        assertEquals("dev-insecure-old", keyId(account.id()));
        long versionBefore = version(account.id());

        assertEquals(Optional.of(written), service.read(account));

        assertEquals("dev-insecure", keyId(account.id()), "re-wrapped with the current key");
        assertEquals(versionBefore + 1, version(account.id()));
        assertEquals(Optional.of(written), service.read(account));
        assertEquals(versionBefore + 1, version(account.id()), "a record on the current key is not rewritten");
        CredentialVault currentKeyOnly = new CredentialVault(
                KeyRing.of(Map.of("dev-insecure", config.credentials().keys().get("dev-insecure")), "dev-insecure"));
        assertEquals(
                written,
                currentKeyOnly.open(
                        account.workspaceId(),
                        account.id(),
                        new SealedCredentials(keyId(account.id()), ciphertext(account.id()))));
    }

    @Test
    void shouldKeepTheStoredRefreshTokenWhenNewCredentialsBringAnEmptyOne() {
        Account account = account();
        service.store(account, credentials(accessToken, refreshToken));

        service.store(account, credentials("second-access", ""));
        service.store(account, credentials("third-access", null));

        Credentials read = service.read(account).orElseThrow();
        assertEquals("third-access", read.accessToken());
        assertEquals(refreshToken, read.refreshToken());
        service.store(account, credentials("fourth-access", "new-refresh"));
        assertEquals("new-refresh", service.read(account).orElseThrow().refreshToken());
    }

    @Test
    void shouldShowNoCredentialsWhenTheAccountIsReadThroughTheApi() {
        Account account = account();
        service.store(account, credentials(accessToken, refreshToken));

        String body = given().header("Authorization", InternalTokens.bearer(workspace))
                .get("/v1/accounts/" + account.id())
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertTrue(body.contains(account.id()), body);
        assertFalse(body.contains(accessToken), body);
        assertFalse(body.contains(refreshToken), body);
        assertFalse(body.contains("bsky-app-password"), body);
    }

    private Credentials credentials(String access, String refresh) {
        return new Credentials(
                access,
                refresh,
                Instant.now().plus(1, ChronoUnit.HOURS),
                List.of("tweet.read", "tweet.write"),
                Map.of("app_password", "bsky-app-password"));
    }

    /** An account row written directly, independent of how accounts get connected. */
    private Account account() {
        String id = "acct_" + UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        try {
            sql(
                    "INSERT INTO account (id, workspace_id, platform, handle, status, mode, created_at, updated_at)"
                            + " VALUES (?, ?, 'sandbox', 'tester', 'connected', 'test', ?, ?)",
                    id,
                    workspace,
                    now,
                    now);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return QuarkusTransaction.requiringNew()
                .call(() -> accounts.findInWorkspace(workspace, id).orElseThrow());
    }

    /** The row as a database dump would show it: every column as text, and the raw bytes of the ciphertext. */
    private String dump(String accountId) throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT c.*, c::text AS row_text FROM account_credential c" + " WHERE account_id = ?")) {
            statement.setString(1, accountId);
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData columns = rows.getMetaData();
                while (rows.next()) {
                    for (int i = 1; i <= columns.getColumnCount(); i++) {
                        dump.append(rows.getString(i)).append('\n');
                    }
                    dump.append(new String(rows.getBytes("ciphertext"), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return dump.toString();
    }

    private byte[] ciphertext(String accountId) throws SQLException {
        return (byte[]) column("ciphertext", accountId);
    }

    private String keyId(String accountId) throws SQLException {
        return (String) column("key_id", accountId);
    }

    private long version(String accountId) throws SQLException {
        return ((Number) column("version", accountId)).longValue();
    }

    private Object column(String column, String accountId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + column + " FROM account_credential WHERE account_id = ?")) {
            statement.setString(1, accountId);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), "no credentials row for " + accountId);
                return rows.getObject(1);
            }
        }
    }

    private void sql(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
