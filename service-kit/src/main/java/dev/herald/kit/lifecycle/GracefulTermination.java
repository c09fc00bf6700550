package dev.herald.kit.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

import sun.misc.Signal;

/**
 * SIGTERM (Kubernetes ending a pod, a rolling deploy) is the normal way to stop a service: it runs the same graceful
 * shutdown as before (in-flight work finishes, consumers leave their groups), and the process then exits 0 rather
 * than the JVM's 143, so a clean stop is not reported as a failed container.
 */
@ApplicationScoped
public class GracefulTermination {

    private static final Logger LOG = Logger.getLogger(GracefulTermination.class);

    void register(@Observes StartupEvent startup) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return; // dev and test mode own their process
        }
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM: shutting down gracefully");
                Quarkus.asyncExit(0);
            });
        } catch (IllegalArgumentException e) {
            LOG.warnf("SIGTERM not handled (the JVM's default exit code applies): %s", e.getMessage());
        }
    }
}
