package dev.herald.rules;

/** One way a draft breaks a platform's rules: a field, a stable code and a sentence for people. */
public record Problem(String field, String code, String message) {}
