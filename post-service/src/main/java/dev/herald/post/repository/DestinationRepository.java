package dev.herald.post.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.Destination;

/** Destinations, including the dispatcher's claim of due ones. */
@ApplicationScoped
public class DestinationRepository implements PanacheRepositoryBase<Destination, String> {}
