package dev.herald.gateway.identity.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.gateway.identity.Organization;

/** Organizations. */
@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, String> {}
