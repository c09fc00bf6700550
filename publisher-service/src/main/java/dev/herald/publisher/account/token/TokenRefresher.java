package dev.herald.publisher.account.token;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import dev.herald.publisher.account.Account;
import dev.herald.publisher.account.repository.AccountRepository;
import dev.herald.publisher.config.PublisherConfig;

/**
 * Looks for tokens due for a refresh and expiries to announce. Safe with many replicas: each account's refresh is
 * serialised by its credential row lock, and a refresh that is no longer due does nothing.
 */
@ApplicationScoped
public class TokenRefresher {

    private static final Logger LOG = Logger.getLogger(TokenRefresher.class);
    private static final int BATCH = 100;

    private final AccountRepository accounts;
    private final TokenService tokens;
    private final PublisherConfig.Tokens config;

    public TokenRefresher(AccountRepository accounts, TokenService tokens, PublisherConfig config) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.config = config.tokens();
    }

    @Scheduled(
            every = "${herald.publisher.tokens.check-every:30s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        Instant now = Instant.now();
        for (String id : QuarkusTransaction.requiringNew()
                .call(() -> accounts.dueForRefresh(now.plus(config.refreshAhead()), now, BATCH).stream()
                        .map(Account::id)
                        .toList())) {
            try {
                tokens.refreshIfDue(id);
            } catch (RuntimeException e) {
                LOG.warnf("Refreshing account %s failed: %s", id, e.getMessage());
            }
        }
        for (String id : QuarkusTransaction.requiringNew()
                .call(() -> accounts.unrefreshableExpiringBefore(now.plus(config.expiryNotice()), now, BATCH).stream()
                        .map(Account::id)
                        .toList())) {
            try {
                tokens.checkExpiry(id);
            } catch (RuntimeException e) {
                LOG.warnf("Checking the expiry of account %s failed: %s", id, e.getMessage());
            }
        }
    }
}
