package dev.herald.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.herald.cli.api.ApiException;
import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.api.NotLoggedInException;
import dev.herald.cli.api.UnreachableException;
import dev.herald.cli.output.OutputFormat;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns what a command threw into one report on stderr and the documented exit code ({@link ExitCodes}). */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        boolean json =
                command.getCommand() instanceof ApiCommand api && api.global().output() == OutputFormat.json;
        int exit;
        JsonNode body;
        if (failure instanceof ApiException api) {
            exit = api.status() == 401
                    ? ExitCodes.NOT_LOGGED_IN
                    : api.status() >= 500 ? ExitCodes.NETWORK : ExitCodes.API_ERROR;
            body = api.body();
        } else if (failure instanceof UnreachableException) {
            exit = ExitCodes.NETWORK;
            body = error("unreachable", failure.getMessage());
        } else if (failure instanceof NotLoggedInException) {
            exit = ExitCodes.NOT_LOGGED_IN;
            body = error("not_logged_in", failure.getMessage());
        } else if (failure instanceof CliFailure local) {
            exit = local.exitCode();
            body = error(local.code(), local.getMessage());
        } else {
            exit = ExitCodes.API_ERROR;
            body = error("internal", String.valueOf(failure));
        }
        if (json) {
            err.println(HeraldApi.toJson(body));
        } else {
            describe(err, body.path("error"));
        }
        err.flush();
        return exit;
    }

    /** {@code error: code: message}, then one line per detail and the request id a support ticket needs. */
    private static void describe(PrintWriter err, JsonNode error) {
        err.println("error: " + error.path("code").asText() + ": "
                + error.path("message").asText());
        for (JsonNode detail : error.path("details")) {
            err.println("  " + detail.path("field").asText() + ": "
                    + detail.path("code").asText() + ": "
                    + detail.path("message").asText());
        }
        if (error.hasNonNull("request_id")) {
            err.println("  request_id: " + error.get("request_id").asText());
        }
    }

    private static JsonNode error(String code, String message) {
        ObjectNode body = HeraldApi.JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }
}
