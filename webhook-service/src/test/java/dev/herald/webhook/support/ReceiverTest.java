package dev.herald.webhook.support;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What a delivery test starts with: a fresh workspace, a receiver on loopback and the service's test clock. */
public abstract class ReceiverTest {

    @Inject
    protected TestClock clock;

    protected final Tenant tenant = new Tenant();
    protected Receiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }
}
