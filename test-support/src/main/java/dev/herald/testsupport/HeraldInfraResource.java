package dev.herald.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: points the service under test at this JVM's real Kafka broker and PostgreSQL (started once
 * per test JVM, see {@link LocalInfra}) and at the test internal-JWT key pair.
 */
public class HeraldInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return LocalInfra.shared().serviceConfig();
    }

    @Override
    public void stop() {
        // The infrastructure outlives one Quarkus application: it stops with the test JVM.
    }
}
