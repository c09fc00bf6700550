package dev.herald.cli.webhooks;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.CliFailure;
import dev.herald.cli.Context;
import dev.herald.cli.ExitCodes;
import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.output.Column;
import dev.herald.cli.output.Pages;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald webhooks create | list | deliveries | enable | replay | listen}. */
@Command(
        name = "webhooks",
        description = "Webhook endpoints, their deliveries, and a local receiver.",
        subcommands = {
            WebhooksCommand.Create.class,
            WebhooksCommand.ListEndpoints.class,
            WebhooksCommand.Deliveries.class,
            WebhooksCommand.Enable.class,
            WebhooksCommand.Replay.class,
            WebhooksCommand.Listen.class
        })
public final class WebhooksCommand {

    @Command(name = "create", description = "A new endpoint (POST /v1/webhooks); its secret is shown only now.")
    static final class Create extends ApiCommand {

        @Option(names = "--url", required = true, description = "Where Herald POSTs the events.")
        String url;

        @Option(
                names = "--events",
                split = ",",
                paramLabel = "TYPE",
                description = "Only these event types (e.g. post.published,post.failed); all by default.")
        List<String> events = new ArrayList<>();

        @Option(names = "--description", description = "A note for people.")
        String description;

        @Option(
                names = "--idempotency-key",
                description = "Sent as Idempotency-Key: a retry returns the same endpoint.")
        String idempotencyKey;

        Create(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url);
            if (!events.isEmpty()) {
                body.put("event_types", events);
            }
            if (description != null) {
                body.put("description", description);
            }
            JsonNode endpoint = api().post("/v1/webhooks", body, idempotencyKey);
            printer().object(endpoint);
            printer().note("Keep the secret: it is not shown again (herald webhooks listen --secret …).");
        }
    }

    @Command(name = "list", description = "The workspace's endpoints, oldest first (never their secrets).")
    static final class ListEndpoints extends ApiCommand {

        private static final List<Column> COLUMNS = List.of(
                Column.of("ID", "/id"),
                Column.of("URL", "/url"),
                Column.of("STATUS", "/status"),
                Column.of("EVENT_TYPES", "/event_types"),
                Column.of("CREATED_AT", "/created_at"));

        @Mixin
        Pages pages;

        ListEndpoints(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            printer().list(pages.fetch(api(), "/v1/webhooks", Map.of()), COLUMNS);
        }
    }

    @Command(name = "deliveries", description = "An endpoint's deliveries, newest first.")
    static final class Deliveries extends ApiCommand {

        private static final List<Column> COLUMNS = List.of(
                Column.of("ID", "/id"),
                Column.of("EVENT_TYPE", "/event_type"),
                Column.of("STATUS", "/status"),
                Column.of("ATTEMPTS", "/attempts"),
                Column.of("CREATED_AT", "/created_at"),
                Column.of("NEXT_ATTEMPT_AT", "/next_attempt_at"));

        @Parameters(paramLabel = "ENDPOINT_ID", description = "whep_…")
        String id;

        @Option(names = "--status", description = "pending, delivered or failed")
        String status;

        @Option(names = "--event-type", description = "Only deliveries of this event type.")
        String eventType;

        @Mixin
        Pages pages;

        Deliveries(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            String path = "/v1/webhooks/" + HeraldApi.segment(id) + "/deliveries";
            printer()
                    .list(
                            pages.fetch(api(), path, HeraldApi.params("status", status, "event_type", eventType)),
                            COLUMNS);
        }
    }

    @Command(
            name = "enable",
            description = "Enable an endpoint again after Herald disabled it (410, or days of failures), before a"
                    + " replay (POST /v1/webhooks/{id}/enable).")
    static final class Enable extends ApiCommand {

        @Parameters(paramLabel = "ENDPOINT_ID", description = "whep_…")
        String id;

        Enable(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            printer().object(api().post("/v1/webhooks/" + HeraldApi.segment(id) + "/enable", Map.of()));
        }
    }

    @Command(
            name = "replay",
            description = "Send failed deliveries of the endpoint again, with the same webhook-id: one"
                    + " (--delivery, POST …/deliveries/{id}/retry) or every one created since a time (--since,"
                    + " POST …/recover).")
    static final class Replay extends ApiCommand {

        @Parameters(paramLabel = "ENDPOINT_ID", description = "whep_…")
        String id;

        @ArgGroup(multiplicity = "1")
        Which which;

        /** Exactly one of the two: picocli refuses both or neither as a usage error. */
        static final class Which {

            @Option(
                    names = "--since",
                    paramLabel = "TIME",
                    description = "Every failed delivery created at or after this ISO-8601 time, e.g."
                            + " 2026-11-26T08:00:00Z (recover).")
            String since;

            @Option(
                    names = "--delivery",
                    paramLabel = "DELIVERY_ID",
                    description = "This one failed delivery: msg_…, its webhook-id, as `webhooks deliveries` lists it.")
            String delivery;
        }

        Replay(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            String endpoint = "/v1/webhooks/" + HeraldApi.segment(id);
            if (which.delivery != null) {
                JsonNode delivery =
                        api().post(endpoint + "/deliveries/" + HeraldApi.segment(which.delivery) + "/retry", Map.of());
                printer().object(delivery);
                return;
            }
            JsonNode answer = api().post(endpoint + "/recover", Map.of("since", which.since));
            if (printer().json()) {
                printer().printJson(answer);
            } else {
                printer().note("Re-sending " + answer.path("recovered_count").asInt() + " failed delivery(ies).");
            }
        }
    }

    @Command(
            name = "listen",
            description = "Receive deliveries on this machine: verify each signature, print the event, and optionally"
                    + " forward it. Bad signature: 400 and a line on stderr.")
    static final class Listen extends ApiCommand {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--port",
                defaultValue = "8765",
                description = "Port to listen on (0: any free one). Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "Address to bind. Default: ${DEFAULT-VALUE}.")
        String host;

        @Option(
                names = "--secret",
                paramLabel = "whsec_…",
                description = "The endpoint's signing secret (else HERALD_WEBHOOK_SECRET).")
        String secret;

        @Option(
                names = "--forward-to",
                paramLabel = "URL",
                description = "POST each verified delivery here too, headers and body unchanged.")
        URI forwardTo;

        @Option(
                names = "--max-events",
                defaultValue = "0",
                description = "Exit after this many verified deliveries (0: run until Ctrl-C).")
        int maxEvents;

        Listen(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            String key = secret != null ? secret : context.env().get("HERALD_WEBHOOK_SECRET");
            if (key == null || key.isBlank()) {
                throw new ParameterException(
                        spec.commandLine(), "--secret whsec_… is required (or HERALD_WEBHOOK_SECRET)");
            }
            SignatureVerifier verifier;
            try {
                verifier = new SignatureVerifier(key.strip());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--secret: " + e.getMessage());
            }
            try (var listener = new WebhookListener(
                    verifier,
                    host,
                    port,
                    forwardTo,
                    printer().json(),
                    context.out(),
                    context.err(),
                    context.clock(),
                    maxEvents)) {
                context.err()
                        .println("herald: listening on http://" + host + ":" + listener.port()
                                + "/ (verifying signatures" + (forwardTo == null ? "" : ", forwarding to " + forwardTo)
                                + "); Ctrl-C stops");
                context.err().flush();
                listener.awaitDone();
            } catch (IOException e) {
                throw new CliFailure(
                        "listen_failed",
                        "cannot listen on " + host + ":" + port + ": " + e.getMessage(),
                        ExitCodes.USAGE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
