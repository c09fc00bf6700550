package dev.herald.kit.tracing;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * A W3C trace context ({@code traceparent}, {@code tracestate}) carried where OpenTelemetry cannot follow on its own:
 * through an outbox row to the Kafka record its relay sends later, and from a consumed message to a worker thread.
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return java.util.List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TRACEPARENT.equals(key)
                    ? carrier.traceparent()
                    : TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };

    /** The current span's context, or null when there is none (tracing off, or work no trace started). */
    public static TraceContext current() {
        return of(Context.current());
    }

    /** The context's span as {@code traceparent}/{@code tracestate}, or null without a valid span. */
    public static TraceContext of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(context, carrier, Map::put);
        String parent = carrier.get(TRACEPARENT);
        return parent == null ? null : new TraceContext(parent, carrier.get(TRACESTATE));
    }

    /** A context whose remote parent is this one (root when {@code stored} is null or malformed). */
    public static Context toContext(TraceContext stored) {
        return W3C.extract(Context.root(), stored, GETTER);
    }

    /**
     * The trace a consumed message continues: the consumer span SmallRye Reactive Messaging opened for it (with the
     * producer's {@code traceparent} as parent), else the current one. For work handed to threads of one's own.
     */
    public static Context of(Message<?> message) {
        return TracingMetadata.fromMessage(message)
                .map(TracingMetadata::getCurrentContext)
                .orElseGet(Context::current);
    }

    /** Writes this context into Kafka record headers (replacing any there). */
    public void writeTo(Headers headers) {
        write(headers, TRACEPARENT, traceparent);
        write(headers, TRACESTATE, tracestate);
    }

    private static void write(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null && !value.isEmpty()) {
            headers.add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
