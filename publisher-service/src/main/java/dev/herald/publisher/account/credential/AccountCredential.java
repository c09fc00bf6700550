package dev.herald.publisher.account.credential;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The encrypted credentials of one account (a table of their own: no account query ever carries them). */
@Entity
@Table(name = "account_credential")
public class AccountCredential {

    @Id
    private String accountId;

    private String keyId;
    private byte[] ciphertext;

    @Version
    private long version;

    private Instant updatedAt;

    protected AccountCredential() {
        // for JPA
    }

    static AccountCredential of(String accountId, SealedCredentials sealed, Instant now) {
        AccountCredential credential = new AccountCredential();
        credential.accountId = accountId;
        credential.replace(sealed, now);
        return credential;
    }

    void replace(SealedCredentials sealed, Instant now) {
        keyId = sealed.keyId();
        ciphertext = sealed.blob();
        updatedAt = now;
    }

    SealedCredentials sealed() {
        return new SealedCredentials(keyId, ciphertext);
    }

    public String accountId() {
        return accountId;
    }

    /** Id of the key-encryption key that wraps this record's data key. */
    public String keyId() {
        return keyId;
    }

    public long version() {
        return version;
    }
}
