package dev.herald.kit.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

import dev.herald.events.CloudEventHeaders;
import dev.herald.kit.tracing.TraceContext;

/**
 * Drains the outbox to Kafka ("transactionally staged job drain"): locks a batch with {@code FOR UPDATE SKIP LOCKED}
 * (so replicas share the work), sends it with an idempotent {@code acks=all} producer, and deletes the rows only once
 * every record is acknowledged. Kafka down means rows wait; a crash between send and delete means a re-send, which
 * consumers dedupe on {@code ce_id}. An event staged inside a trace carries it on in W3C {@code traceparent} headers.
 *
 * <p>Batches are pipelined over {@code herald.outbox.lanes} threads (default 2): while one batch waits for Kafka's
 * acknowledgements and deletes its rows, the next is selected and sent. Selecting and sending happen under one lock,
 * so within a replica events reach Kafka in outbox order (per key, the order consumers see); only a failed batch, sent
 * again later, can arrive after newer ones — as after a crash, and consumers dedupe. Events held until a time leave
 * in time order; two passes sending events held until the same instant may interleave, so those may leave out of id
 * order among themselves (the dispatcher's requests for one instant are independent destinations).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String COLUMNS =
            "SELECT id, event_id, topic, msg_key, event_type, payload, created_at, trace_parent, trace_state, not_before"
                    + " FROM outbox WHERE ";
    private static final String DUE =
            COLUMNS + "not_before IS NULL OR not_before <= now() ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED";
    private static final String SOON =
            COLUMNS + "not_before IS NOT NULL AND not_before <= now() + cast(:ahead AS interval)"
                    + " ORDER BY not_before, id LIMIT :limit FOR UPDATE SKIP LOCKED";
    private static final long PREPARE_PASS_EVERY_MS = 150;

    private final EntityManager entityManager;
    private final String bootstrapServers;
    private final String source;
    private final int batchSize;
    private final Counter sent;
    private final Tracer tracer;
    private final ExecutorService worker;
    /** Passes sending held events at their time: they wait, so they do not take the lanes. */
    private final ExecutorService preparer;

    private final Duration prepare;
    private final int heldBatchSize;
    /** Held while a batch is selected and handed to the producer: keeps the outbox order on Kafka. */
    private final ReentrantLock sending = new ReentrantLock();

    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Set by the poll: the next drain also looks for held events (the ones other replicas staged). */
    private final AtomicBoolean lookForHeld = new AtomicBoolean(true);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay-timer");
        thread.setDaemon(true);
        return thread;
    });
    /** Epoch millis of the wake-up planned for held events, 0 when none. */
    private final AtomicLong nextWakeAt = new AtomicLong();

    private volatile KafkaProducer<String, String> producer;
    private volatile boolean stopped;

    public OutboxRelay(
            EntityManager entityManager,
            MeterRegistry registry,
            OpenTelemetry openTelemetry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String source,
            @ConfigProperty(name = "herald.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "herald.outbox.lanes", defaultValue = "2") int lanes,
            @ConfigProperty(name = "herald.outbox.prepare", defaultValue = "1s") Duration prepare,
            @ConfigProperty(name = "herald.outbox.held-batch-size", defaultValue = "5000") int heldBatchSize) {
        this.entityManager = entityManager;
        this.prepare = prepare;
        this.heldBatchSize = heldBatchSize;
        this.preparer = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "outbox-relay-held");
            thread.setDaemon(true);
            return thread;
        });
        this.worker = Executors.newFixedThreadPool(Math.max(1, lanes), r -> {
            Thread thread = new Thread(r, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        this.bootstrapServers = bootstrapServers;
        this.source = "/herald/" + source;
        this.batchSize = batchSize;
        this.tracer = openTelemetry.getTracer("dev.herald.outbox");
        this.sent = Counter.builder("herald.outbox.sent")
                .description("Outbox events acknowledged by Kafka")
                .register(registry);
    }

    /** Safety net: rows staged while Kafka was down, or by a replica that died before its wake-up. */
    @Scheduled(every = "${herald.outbox.poll-interval:1s}", delayed = "1s")
    void poll() {
        lookForHeld.set(true);
        wake();
    }

    /**
     * Asks for a drain soon; calls while one is queued coalesce. A drain that finds a full batch asks for another, so a
     * backlog is drained by every lane at once.
     */
    public void wake() {
        if (!stopped && drainQueued.compareAndSet(false, true)) {
            worker.submit(this::drain);
        }
    }

    private void drain() {
        drainQueued.set(false);
        try {
            while (!stopped && drainBatch() == batchSize) {
                // A full batch: more are probably waiting.
            }
            if (lookForHeld.compareAndSet(true, false)) {
                wakeForHeld();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay could not send (will retry): %s", e.getMessage());
        }
    }

    /**
     * Events held until a time ({@code not_before}) that another replica staged (this one's wake itself through
     * {@link #wakeAt}): wakes exactly then rather than at the next poll — a burst staged ahead of its due time leaves at
     * that time. Asked at start and on each poll, not after every drain: most services never hold an event.
     */
    private void wakeForHeld() {
        Object earliest = QuarkusTransaction.requiringNew()
                .call(() -> entityManager
                        .createNativeQuery("SELECT min(not_before) FROM outbox WHERE not_before > now()")
                        .getSingleResult());
        if (earliest != null) {
            wakeAt(toInstant(earliest));
        }
    }

    /** Asks for a drain at {@code when}; an earlier wake-up already planned makes this one unnecessary. */
    public void wakeAt(Instant when) {
        long at = when.toEpochMilli();
        long planned = nextWakeAt.get();
        if (stopped
                || (planned > System.currentTimeMillis() && planned <= at)
                || !nextWakeAt.compareAndSet(planned, at)) {
            return;
        }
        long now = System.currentTimeMillis();
        if (at - now > 2 * PREPARE_PASS_EVERY_MS) {
            timer.schedule(
                    () -> preparer.submit(this::prepareHeld),
                    Math.max(0, at - prepare.toMillis() - now),
                    TimeUnit.MILLISECONDS);
        }
        // A millisecond late rather than early: the database's now() must have passed not_before.
        timer.schedule(
                () -> {
                    nextWakeAt.compareAndSet(at, 0);
                    wake();
                },
                Math.max(0, at - now) + 1,
                TimeUnit.MILLISECONDS);
    }

    private void drainRemaining() {
        try {
            while (drainBatch() == batchSize) {
                // more waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay could not send before stopping (sent at the next start): %s", e.getMessage());
        }
    }

    /** Sends one batch of due events, in outbox order; returns how many rows it sent. */
    int drainBatch() {
        return relayBatch(DUE, batchSize, null);
    }

    /**
     * Sends the events held until the next {@code herald.outbox.prepare} (1 s): selects and locks them now and sends
     * each at its time, so a burst staged for one instant (the dispatcher's look-ahead) costs only the sending then,
     * not the reading. Passes repeat while the instant is still ahead, for rows staged since; rows no pass took leave
     * with the drain at their time.
     */
    private void prepareHeld() {
        try {
            relayBatch(SOON, heldBatchSize, prepare);
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay could not send held events ahead (sent at their time): %s", e.getMessage());
        }
    }

    /** Sends one batch: {@code ahead} null for due rows, else the rows due within it, each at its time. */
    private int relayBatch(String query, int limit, Duration ahead) {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            long started = System.nanoTime();
            List<Future<RecordMetadata>> acks = new ArrayList<>(limit);
            List<Long> ids = new ArrayList<>(limit);
            List<Span> spans = new ArrayList<>();
            if (ahead == null) {
                // Rows another lane holds (selected, not yet acknowledged) are skipped: this takes the next ones.
                sending.lock();
            }
            try {
                var select = entityManager.createNativeQuery(query).setParameter("limit", limit);
                if (ahead != null) {
                    select.setParameter("ahead", ahead.toMillis() + " milliseconds");
                }
                @SuppressWarnings("unchecked")
                List<Object[]> rows = select.getResultList();
                if (rows.isEmpty()) {
                    return 0;
                }
                if (ahead != null) {
                    prepareAgainIfAhead(rows);
                }
                KafkaProducer<String, String> kafka = producer();
                for (Object[] row : rows) {
                    ids.add(((Number) row[0]).longValue());
                    ProducerRecord<String, String> record = toRecord(row);
                    traced(record, row, spans);
                    if (ahead == null) {
                        acks.add(kafka.send(record));
                    } else {
                        acks.add(sendAtItsTime(kafka, record, toInstant(row[9])));
                    }
                }
            } finally {
                if (ahead == null) {
                    sending.unlock();
                }
            }
            long handed = System.nanoTime();
            if (ahead == null && ids.size() == limit) {
                // More are probably waiting: another lane selects and sends them while this one waits for Kafka.
                wake();
            }
            try {
                for (Future<RecordMetadata> ack : acks) {
                    // Any failure rolls the whole batch back: rows stay and are re-sent (consumers dedupe).
                    ack.get(30, TimeUnit.SECONDS);
                }
            } finally {
                spans.forEach(Span::end);
            }
            long acknowledged = System.nanoTime();
            entityManager
                    .createNativeQuery("DELETE FROM outbox WHERE id IN (:ids)")
                    .setParameter("ids", ids)
                    .executeUpdate();
            sent.increment(ids.size());
            if (LOG.isDebugEnabled()) {
                LOG.debugf(
                        "Outbox %s batch of %d: select and send %d ms, acks %d ms, delete %d ms",
                        ahead == null ? "due" : "held",
                        ids.size(),
                        (handed - started) / 1_000_000,
                        (acknowledged - handed) / 1_000_000,
                        (System.nanoTime() - acknowledged) / 1_000_000);
            }
            return ids.size();
        });
    }

    /** Rows are in time order: waits for each one's time (a millisecond late rather than early), then sends it. */
    private Future<RecordMetadata> sendAtItsTime(
            KafkaProducer<String, String> kafka, ProducerRecord<String, String> record, Instant notBefore)
            throws InterruptedException {
        long wait = notBefore.toEpochMilli() + 1 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        sending.lock();
        try {
            return kafka.send(record);
        } finally {
            sending.unlock();
        }
    }

    /** A pass that found rows while their time is still ahead: another looks for rows staged since. */
    private void prepareAgainIfAhead(List<Object[]> rows) {
        long ahead = toInstant(rows.get(0)[9]).toEpochMilli() - System.currentTimeMillis();
        if (!stopped && ahead > 2 * PREPARE_PASS_EVERY_MS) {
            try {
                timer.schedule(() -> preparer.submit(this::prepareHeld), PREPARE_PASS_EVERY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // Shutting down: the rows left are sent at the next start.
            }
        }
    }

    private ProducerRecord<String, String> toRecord(Object[] row) {
        var record = new ProducerRecord<String, String>((String) row[2], (String) row[3], (String) row[5]);
        Instant createdAt = toInstant(row[6]);
        header(record, CloudEventHeaders.ID, (String) row[1]);
        header(record, CloudEventHeaders.TYPE, (String) row[4]);
        header(record, CloudEventHeaders.SOURCE, source);
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.TIME, createdAt.toString());
        header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
        header(record, CloudEventHeaders.OUTBOX_ID, String.valueOf(row[0]));
        return record;
    }

    /**
     * An event staged inside a trace is sent as a producer span of that trace, whose context goes in the record's
     * {@code traceparent} header: the consumer's span continues it.
     */
    private void traced(ProducerRecord<String, String> record, Object[] row, List<Span> spans) {
        String traceParent = (String) row[7];
        if (traceParent == null) {
            return;
        }
        Context parent = TraceContext.toContext(new TraceContext(traceParent, (String) row[8]));
        Span span = tracer.spanBuilder(record.topic() + " publish")
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "publish")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.message.id", (String) row[1])
                .setAttribute("herald.event.type", (String) row[4])
                .startSpan();
        spans.add(span);
        TraceContext sent = TraceContext.of(parent.with(span));
        // Tracing off here (a no-op tracer gives no valid span): the stored context is passed on as it is.
        (sent != null ? sent : new TraceContext(traceParent, (String) row[8])).writeTo(record.headers());
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return Instant.now();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
                    props.put(
                            ProducerConfig.CLIENT_ID_CONFIG, source.substring(source.lastIndexOf('/') + 1) + "-outbox");
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    producer = new KafkaProducer<>(props);
                }
                current = producer;
            }
        }
        return current;
    }

    // On ShutdownEvent, not @PreDestroy: that runs after Hibernate has closed, so the last polls would fail. Late
    // among the observers (priority 5000, the default is 2500): events the others stage while finishing their work
    // (the publisher's results of in-flight publishes) leave now, not at the next start.
    void stop(@Observes @Priority(5000) ShutdownEvent shutdown) {
        timer.shutdownNow();
        preparer.shutdown();
        worker.submit(this::drainRemaining);
        stopped = true;
        worker.shutdown();
        try {
            // Held events under way are sent at their time (at most the prepare time away) before the producer closes.
            preparer.awaitTermination(prepare.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
