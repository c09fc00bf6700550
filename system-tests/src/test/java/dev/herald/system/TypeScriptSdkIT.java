package dev.herald.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.HeraldStack;

/**
 * The TypeScript SDK (sdk/typescript) built from the committed spec with its own toolchain (openapi-typescript, tsc)
 * and used by a Node script against a real stack: an idempotent create, a get, a paginated list, typed errors. Skips
 * where node, npm or the SDK's packages (tools/sdk/install.sh) are absent.
 */
class TypeScriptSdkIT {

    private static final Path SDK = HeraldPaths.root().resolve("sdk/typescript");
    private static final String ADMIN_TOKEN = "ts-sdk-" + UUID.randomUUID();

    private static HeraldStack stack;

    @BeforeAll
    static void start() {
        Optional<String> missing = NodeTool.missing(SDK, "openapi-typescript", "openapi-fetch", "typescript");
        assumeTrue(missing.isEmpty(), () -> "TypeScriptSdkIT skipped: " + missing.orElseThrow());
        Path data = HeraldPaths.root().resolve("system-tests/target/stack-ts-sdk-" + System.currentTimeMillis());
        stack = HeraldStack.start(HeraldStack.Options.forTests(data, ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldCreateGetListAndReportErrorsWhenTheBuiltSdkCallsTheStack() {
        NodeTool.Result build = NodeTool.run(SDK, Map.of(), Duration.ofMinutes(3), "npm", "run", "build");
        assertEquals(0, build.exitCode(), "npm run build:\n" + build.output());

        Tenant tenant = Tenant.provision(stack, ADMIN_TOKEN, "ts-sdk");
        String account = tenant.connectSandboxAccount();
        NodeTool.Result test = NodeTool.run(
                SDK,
                Map.of(
                        "HERALD_URL", stack.gatewayUrl(),
                        "HERALD_API_KEY", tenant.apiKey(),
                        "HERALD_SANDBOX_ACCOUNT_ID", account),
                Duration.ofMinutes(2),
                "node",
                "--test",
                "--test-reporter=tap",
                "test/");
        assertEquals(0, test.exitCode(), "node --test:\n" + test.output());
        // Every case ran: none skipped for want of the environment.
        assertTrue(test.output().contains("# pass 5") && test.output().contains("# skipped 0"), test.output());
    }
}
