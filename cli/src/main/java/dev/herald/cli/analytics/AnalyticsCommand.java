package dev.herald.cli.analytics;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.Context;
import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.output.Column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code herald analytics post <post_id>}. */
@Command(name = "analytics", description = "Post metrics.", subcommands = AnalyticsCommand.Post.class)
public final class AnalyticsCommand {

    @Command(name = "post", description = "A post's latest metrics per destination (GET /v1/analytics/posts/{id}).")
    static final class Post extends ApiCommand {

        private static final List<Column> COLUMNS = List.of(
                Column.of("DESTINATION", "/destination_id"),
                Column.of("PLATFORM", "/platform"),
                Column.of("STATUS", "/status"),
                Column.of("IMPRESSIONS", "/latest/impressions"),
                Column.of("LIKES", "/latest/likes"),
                Column.of("COMMENTS", "/latest/comments"),
                Column.of("SHARES", "/latest/shares"),
                Column.of("ENGAGEMENT", "/latest/engagement"),
                Column.of("ENGAGEMENT_RATE", "/latest/engagement_rate"));

        @Parameters(paramLabel = "POST_ID", description = "post_…")
        String id;

        Post(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            JsonNode answer = api().get("/v1/analytics/posts/" + HeraldApi.segment(id));
            JsonNode rows = answer.has("destinations") ? answer.get("destinations") : answer.path("data");
            if (printer().json() || !rows.isArray()) {
                printer().printJson(answer);
            } else {
                printer().table(rows, COLUMNS);
            }
        }
    }
}
