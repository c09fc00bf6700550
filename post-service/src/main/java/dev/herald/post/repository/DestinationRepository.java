package dev.herald.post.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.Destination;

/** Destinations (the dispatcher claims due ones in SQL: {@link DispatchClaims}). */
@ApplicationScoped
public class DestinationRepository implements PanacheRepositoryBase<Destination, String> {}
