package dev.herald.cli.mcp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.concurrent.CountDownLatch;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

import dev.herald.cli.ApiCommand;
import dev.herald.cli.Context;
import dev.herald.cli.api.ApiException;
import dev.herald.cli.api.HeraldApi;
import dev.herald.cli.api.UnreachableException;
import dev.herald.mcp.HeraldRest;
import dev.herald.mcp.HeraldTools;

import picocli.CommandLine.Command;

/**
 * {@code herald mcp}: Herald's MCP server over stdin/stdout, for MCP clients that start their servers as processes
 * (Claude Desktop, IDEs). The tools are the gateway's (module mcp-tools); each calls the REST API with this CLI's key.
 */
@Command(
        name = "mcp",
        description = {
            "Serve Herald's MCP tools over stdin/stdout (JSON-RPC, one message per line) until stdin closes.",
            "Uses the key and URL of every other command (--api-key/--api-url, HERALD_API_KEY/HERALD_API_URL, or the"
                    + " stored login). Nothing but MCP messages is written to stdout. See docs/mcp.md."
        })
public final class McpCommand extends ApiCommand {

    McpCommand(Context context) {
        super(context);
    }

    @Override
    protected void run() {
        HeraldRest rest = rest(api());
        CountDownLatch closed = new CountDownLatch(1);
        InputStream in = new EndSignallingInput(System.in, closed);
        OutputStream out = System.out;
        StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out);
        McpSyncServer server = new HeraldTools()
                .configure(McpServer.sync(transport), exchange -> rest)
                .build();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.closeGracefully();
        }
    }

    /** The REST API through this CLI's client: an error answer is handed back as it came, for the tool result. */
    static HeraldRest rest(HeraldApi api) {
        return (method, pathAndQuery, jsonBody, idempotencyKey) -> {
            HttpRequest.Builder request =
                    HeraldRest.prepare(api.request(pathAndQuery), method, jsonBody, idempotencyKey);
            try {
                return new HeraldRest.Reply(200, HeraldApi.toJson(api.send(request)));
            } catch (ApiException e) {
                return new HeraldRest.Reply(e.status(), HeraldApi.toJson(e.body()));
            } catch (UnreachableException e) {
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
            }
        };
    }

    /** stdin that counts the latch down at its end: the client closed the pipe, so the server is done. */
    private static final class EndSignallingInput extends FilterInputStream {

        private final CountDownLatch closed;

        EndSignallingInput(InputStream in, CountDownLatch closed) {
            super(in);
            this.closed = closed;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return ended(super.read(buffer, offset, length));
        }

        private int ended(int read) {
            if (read < 0) {
                closed.countDown();
            }
            return read;
        }
    }
}
