package dev.herald.post.rest;

import java.util.List;

import dev.herald.kit.error.ApiError;

/** Result of {@code POST /v1/posts/validate}: every problem at once, nothing stored. */
public record ValidationResponse(boolean valid, List<ApiError.Detail> problems) {}
