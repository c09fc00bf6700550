package dev.herald.post.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.herald.events.AccountEvent;
import dev.herald.post.AccountView;
import dev.herald.post.repository.AccountViewRepository;

/** Keeps the account read model in step with the publisher's accounts topic. */
@ApplicationScoped
public class AccountViewUpdater {

    private final AccountViewRepository accounts;

    public AccountViewUpdater(AccountViewRepository accounts) {
        this.accounts = accounts;
    }

    /** Upserts; applying the same event twice, or an older one, changes nothing. */
    @Transactional
    public void apply(AccountEvent event) {
        AccountView existing = accounts.findById(event.accountId());
        if (existing == null) {
            accounts.persist(AccountView.from(event));
        } else {
            existing.update(event);
        }
    }
}
