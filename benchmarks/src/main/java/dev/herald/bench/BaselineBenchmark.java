package dev.herald.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.herald.testsupport.FreePorts;
import dev.herald.testsupport.HeraldPaths;
import dev.herald.testsupport.LocalKafka;
import dev.herald.testsupport.LocalPostgres;

/**
 * The physical limits Herald runs into on this machine (issue 11), measured on the same broker and database the stack
 * uses, set up the same way (the in-JVM KRaft broker of {@link LocalKafka}, 3 partitions; {@link LocalPostgres} as
 * the system tests run it): raw Kafka producer and consumer throughput with the services' producer settings, and raw
 * PostgreSQL insert rates one row per transaction (as a per-event consumer writes) and many rows per transaction (as a
 * batch consumer or the outbox relay does). Herald's own figures are then a fraction of these.
 */
public final class BaselineBenchmark {

    private static final String TOPIC = "bench.baseline.v1";

    private BaselineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 700;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path data = HeraldPaths.root().resolve("benchmarks/target/baseline-" + System.currentTimeMillis());
        System.out.printf(
                "Machine: %d cores, Java %s; %,d records of %d bytes, %,d rows%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                records,
                payloadBytes,
                rows);
        try (LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), FreePorts.next())) {
            kafka.createTopics(List.of(TOPIC), 3);
            kafka(kafka.bootstrapServers(), records, payloadBytes);
        }
        try (LocalPostgres postgres = LocalPostgres.start(
                data.resolve("postgres"), HeraldPaths.postgresBinaries(), FreePorts.next(), false, true)) {
            postgres(postgres.jdbcUrl(), rows, payloadBytes);
        }
    }

    private static void kafka(String bootstrap, int records, int payloadBytes) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // The services' producer settings (SmallRye's defaults plus acks=all, idempotence).
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        char[] filler = new char[payloadBytes];
        Arrays.fill(filler, 'x');
        String payload = new String(filler);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            // Warm-up, then pipelined sends (as the outbox relay sends a batch), then one send at a time, each awaited.
            send(producer, payload, 20_000);
            long start = System.nanoTime();
            send(producer, payload, records);
            report("Kafka producer, pipelined (acks=all)", records, start, (long) records * payloadBytes);
            int sync = Math.min(records, 5_000);
            start = System.nanoTime();
            for (int i = 0; i < sync; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + (i % 1000), payload))
                        .get();
            }
            report("Kafka producer, one send awaited at a time", sync, start, (long) sync * payloadBytes);
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long total = 20_000L + records + Math.min(records, 5_000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(TOPIC));
            long read = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(5).toNanos();
            while (read < total && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    bytes += record.value().getBytes(StandardCharsets.UTF_8).length;
                }
            }
            report("Kafka consumer (max.poll.records=500), from the start", read, start, bytes);
        }
    }

    private static void send(KafkaProducer<String, String> producer, String payload, int count) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sent.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + (i % 1000), payload)));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get();
        }
    }

    private static void postgres(String jdbcUrl, int rows, int payloadBytes) throws Exception {
        char[] filler = new char[payloadBytes];
        Arrays.fill(filler, 'x');
        String payload = new String(filler);
        try (Connection db = DriverManager.getConnection(jdbcUrl, LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            try (Statement ddl = db.createStatement()) {
                // The shape of an outbox or processed-event row: an id, a key, a payload, a time.
                ddl.execute(
                        "CREATE TABLE bench_row (id BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
                                + " msg_key TEXT NOT NULL, payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            }
            String insert = "INSERT INTO bench_row (event_id, msg_key, payload) VALUES (?, ?, ?)";
            db.setAutoCommit(false);
            int single = Math.min(rows, 10_000);
            long start = System.nanoTime();
            try (PreparedStatement statement = db.prepareStatement(insert)) {
                for (int i = 0; i < single; i++) {
                    bind(statement, "single-" + i, payload);
                    statement.executeUpdate();
                    db.commit();
                }
            }
            report("PostgreSQL, one row per transaction", single, start, 0);
            for (int batch : List.of(100, 500)) {
                start = System.nanoTime();
                try (PreparedStatement statement = db.prepareStatement(insert)) {
                    for (int i = 0; i < rows; i++) {
                        bind(statement, "batch" + batch + "-" + i, payload);
                        statement.addBatch();
                        if ((i + 1) % batch == 0 || i == rows - 1) {
                            statement.executeBatch();
                            db.commit();
                        }
                    }
                }
                report("PostgreSQL, " + batch + " rows per transaction (JDBC batch)", rows, start, 0);
            }
        }
    }

    private static void bind(PreparedStatement statement, String id, String payload) throws Exception {
        statement.setString(1, id);
        statement.setString(2, "key-" + (id.hashCode() % 1000));
        statement.setString(3, payload);
    }

    private static void report(String what, long count, long startNanos, long bytes) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(
                "  %-58s %,10d in %6.2f s = %,10.0f /s%s%n",
                what,
                count,
                seconds,
                count / seconds,
                bytes > 0 ? String.format(" (%.1f MB/s)", bytes / seconds / 1_048_576) : "");
    }
}
