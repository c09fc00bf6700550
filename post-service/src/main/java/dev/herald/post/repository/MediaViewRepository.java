package dev.herald.post.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import dev.herald.post.MediaView;

/** The media read model. */
@ApplicationScoped
public class MediaViewRepository implements PanacheRepositoryBase<MediaView, String> {}
