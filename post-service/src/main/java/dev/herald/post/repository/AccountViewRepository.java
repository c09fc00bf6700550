package dev.herald.post.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.AccountView;

/** The account read model. */
@ApplicationScoped
public class AccountViewRepository implements PanacheRepositoryBase<AccountView, String> {}
