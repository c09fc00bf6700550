package dev.herald.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import dev.herald.events.Topics;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker + controller, one node) running inside this JVM, with its
 * log in a folder of our choosing: a fresh one for tests, a kept one for {@code ./herald up}.
 */
public final class LocalKafka implements AutoCloseable {

    private final Properties props;
    private final String bootstrapServers;
    private KafkaRaftServer server;

    private LocalKafka(Properties props, String bootstrapServers) {
        this.props = props;
        this.bootstrapServers = bootstrapServers;
        this.server = startServer(props);
    }

    /**
     * Formats the log folder if needed and starts the broker.
     *
     * @param port the client port; the controller takes a free port of its own
     */
    public static LocalKafka start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            int controllerPort = FreePorts.next();
            while (controllerPort == port) {
                // The OS may hand the just-probed client port out again; two listeners cannot share it.
                controllerPort = FreePorts.next();
            }
            Path logDir = dataDir.resolve("log");
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            props.put("num.partitions", "3");
            props.put("auto.create.topics.enable", "true");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "10");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            Path config = dataDir.resolve("server.properties");
            try (Writer writer = Files.newBufferedWriter(config)) {
                props.store(writer, "Herald local Kafka broker");
            }
            format(dataDir, config);
            LocalKafka kafka = new LocalKafka(props, "127.0.0.1:" + port);
            kafka.createTopics(Topics.ALL, 3);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaRaftServer startServer(Properties props) {
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    /**
     * Stops the broker and starts it again on the same ports and log folder after {@code downtime} (a broker restart,
     * as in a rolling upgrade): topics, records and committed offsets survive; clients lose their connections.
     */
    public synchronized void restart(Duration downtime) {
        close();
        pause(downtime);
        server = startServer(props);
    }

    static void pause(Duration downtime) {
        try {
            Thread.sleep(downtime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The cluster id is kept beside the log, so a kept log folder is formatted only once. */
    private static void format(Path dataDir, Path config) throws IOException {
        Path clusterIdFile = dataDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        var out = new ByteArrayOutputStream();
        int status = StorageTool.execute(
                new String[] {"format", "--standalone", "--ignore-formatted", "-t", clusterId, "-c", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("Kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }

    /** Creates the topics that do not exist yet (compacted where the design says so). */
    public void createTopics(List<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    NewTopic topic = new NewTopic(name, partitions, (short) 1);
                    if (Topics.isCompacted(name)) {
                        topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create Kafka topics", e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create Kafka topics", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
