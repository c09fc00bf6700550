import dev.herald.testsupport.LocalInfra;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kafka (Herald's topics created) and PostgreSQL from test-support, for deploy/image/smoke-test.sh: writes their
 * addresses to the file given, and stops when the file named second appears.
 */
public class SmokeInfra {
    public static void main(String[] args) throws Exception {
        Path addresses = Path.of(args[0]);
        Path stop = Path.of(args[1]);
        try (LocalInfra infra = LocalInfra.shared()) {
            Files.writeString(
                    addresses,
                    String.join(
                            "\n",
                            "KAFKA=" + infra.kafkaBootstrapServers(),
                            "DB_HOST=" + infra.dbHost(),
                            "DB_PORT=" + infra.dbPort(),
                            "DB_NAME=" + infra.dbName(),
                            "DB_USER=" + infra.dbUser(),
                            "DB_PASSWORD=" + infra.dbPassword(),
                            ""));
            // A file, not a signal: the script waits for this process to close the broker and the database itself.
            while (!Files.exists(stop)) {
                Thread.sleep(200);
            }
        }
        System.exit(0);
    }
}
