package dev.herald.cli.posts;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.Context;
import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.output.Column;
import dev.herald.cli.output.Pages;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald posts create | list | get | cancel | retry}. */
@Command(
        name = "posts",
        description = "Create, list, read, cancel and retry posts.",
        subcommands = {
            PostCreateCommand.class,
            PostsCommand.ListPosts.class,
            PostsCommand.Get.class,
            PostsCommand.Cancel.class,
            PostsCommand.Retry.class
        })
public final class PostsCommand {

    static final List<Column> POST_COLUMNS = List.of(
            Column.of("ID", "/id"),
            Column.of("STATUS", "/status"),
            Column.of("SCHEDULED_AT", "/scheduled_at"),
            Column.of("CREATED_AT", "/created_at"),
            Column.of("CAPTION", "/caption"));
    static final List<Column> DESTINATION_COLUMNS = List.of(
            Column.of("DESTINATION", "/id"),
            Column.of("ACCOUNT", "/account_id"),
            Column.of("PLATFORM", "/platform"),
            Column.of("STATUS", "/status"),
            Column.of("ATTEMPTS", "/attempts"),
            Column.of("PERMALINK", "/permalink"),
            Column.of("ERROR", "/error/code"));

    @Command(name = "list", description = "Posts, newest first (GET /v1/posts).")
    static final class ListPosts extends ApiCommand {

        @Option(names = "--status", description = "draft, scheduled, publishing, published, partial, failed, canceled")
        String status;

        @Option(names = "--platform", description = "Only posts to this platform.")
        String platform;

        @Option(names = "--account", description = "Only posts to this account (acct_…).")
        String account;

        @Mixin
        Pages pages;

        ListPosts(Context context) {
            super(context);
        }

        @Override
        protected void run() {
            JsonNode answer = pages.fetch(
                    api(),
                    "/v1/posts",
                    HeraldApi.params("status", status, "platform", platform, "account_id", account));
            printer().list(answer, POST_COLUMNS);
        }
    }

    /** A command on one post: {@code POST_ID} and the call it makes on {@code /v1/posts/{id}}. */
    abstract static class OnePost extends ApiCommand {

        @Parameters(paramLabel = "POST_ID", description = "post_…")
        String id;

        OnePost(Context context) {
            super(context);
        }

        abstract JsonNode call(HeraldApi api, String path);

        @Override
        protected void run() {
            printPost(this, call(api(), "/v1/posts/" + HeraldApi.segment(id)));
        }
    }

    @Command(name = "get", description = "One post with each destination (GET /v1/posts/{id}).")
    static final class Get extends OnePost {

        Get(Context context) {
            super(context);
        }

        @Override
        JsonNode call(HeraldApi api, String path) {
            return api.get(path);
        }
    }

    @Command(name = "cancel", description = "Cancel a post not yet sent (DELETE /v1/posts/{id}).")
    static final class Cancel extends OnePost {

        Cancel(Context context) {
            super(context);
        }

        @Override
        JsonNode call(HeraldApi api, String path) {
            return api.delete(path);
        }
    }

    @Command(name = "retry", description = "Send the failed destinations again (POST /v1/posts/{id}/retry).")
    static final class Retry extends OnePost {

        Retry(Context context) {
            super(context);
        }

        @Override
        JsonNode call(HeraldApi api, String path) {
            JsonNode answer = api.post(path + "/retry", Map.of());
            if (printer().json()) {
                return answer;
            }
            printer().note("Retried " + answer.path("retried_count").asInt() + " destination(s).");
            return answer.path("post");
        }
    }

    /** A post: its fields, then its destinations as a table (the JSON as it came with --output json). */
    static void printPost(ApiCommand command, JsonNode post) {
        var printer = command.printer();
        if (printer.json() || !post.isObject()) {
            printer.printJson(post);
            return;
        }
        ObjectNode fields = post.deepCopy();
        JsonNode destinations = fields.remove("destinations");
        printer.object(fields);
        if (destinations != null && destinations.isArray()) {
            printer.note("");
            printer.table(destinations, DESTINATION_COLUMNS);
        }
    }
}
