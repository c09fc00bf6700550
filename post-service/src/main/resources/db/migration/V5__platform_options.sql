-- Per-platform options of a post (JSON: platform id -> {option: value}), sent to the publisher with each request.
ALTER TABLE post ADD COLUMN platform_options TEXT;
