package dev.herald.cli.media;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.Context;
import dev.herald.cli.api.HeraldApi;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald media upload | import | status}. */
@Command(
        name = "media",
        description = "Upload, import and inspect media.",
        subcommands = {MediaCommand.Upload.class, MediaCommand.Import.class, MediaCommand.Status.class})
public final class MediaCommand {

    /** What upload and import share: alt text, the idempotency key and waiting for processing. */
    abstract static class Creating extends ApiCommand {

        @Option(names = "--alt-text", description = "Alternative text for screen readers.")
        String altText;

        @Option(names = "--idempotency-key", description = "Sent as Idempotency-Key: a retry returns the first item.")
        String idempotencyKey;

        @Option(
                names = "--wait",
                description = "Wait until processing ends (ready: exit 0; failed: exit 1), at most --timeout.")
        boolean await;

        @Option(
                names = "--timeout",
                defaultValue = "120",
                description = "Seconds --wait waits. Default: ${DEFAULT-VALUE}.")
        long timeoutSeconds;

        Creating(Context context) {
            super(context);
        }

        /** The created item, or the processed one with {@code --wait}. */
        void print(HeraldApi api, MediaUploader uploader, JsonNode created) {
            printer()
                    .object(
                            await
                                    ? uploader.awaitReady(
                                            created.path("id").asText(), Duration.ofSeconds(timeoutSeconds))
                                    : created);
        }
    }

    @Command(name = "upload", description = "Upload a local image or video (POST /v1/media, multipart).")
    static final class Upload extends Creating {

        @Parameters(paramLabel = "FILE", description = "The file to upload.")
        String file;

        @Mixin
        ProgressOption progress;

        Upload(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            var path = MediaUploader.readable(file);
            HeraldApi api = api();
            var uploader = new MediaUploader(api, context.err(), progress.shown(context));
            print(api, uploader, uploader.upload(path, altText, idempotencyKey));
        }
    }

    @Command(name = "import", description = "Have Herald fetch a file from a URL (POST /v1/media/import).")
    static final class Import extends Creating {

        @Parameters(paramLabel = "URL", description = "http(s) URL of the file (https only with a live key).")
        String url;

        Import(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            HeraldApi api = api();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url);
            if (altText != null) {
                body.put("alt_text", altText);
            }
            print(
                    api,
                    new MediaUploader(api, context.err(), false),
                    api.post("/v1/media/import", body, idempotencyKey));
        }
    }

    @Command(name = "status", description = "One media item: status, kind, size, per-platform compatibility.")
    static final class Status extends ApiCommand {

        @Parameters(paramLabel = "MEDIA_ID", description = "med_…")
        String id;

        Status(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            printer().object(api().get("/v1/media/" + HeraldApi.segment(id)));
        }
    }
}
