package dev.herald.publisher.connector;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.herald.publisher.account.Account;

/** The installed platform connectors and connect flows, by platform name; sandbox accounts publish to the sandbox. */
@ApplicationScoped
public class Connectors {

    private final Map<String, PlatformConnector> byPlatform;
    private final Map<String, ConnectFlow> flows;

    public Connectors(Instance<PlatformConnector> connectors, Instance<ConnectFlow> flows) {
        this.byPlatform = connectors.stream()
                .collect(Collectors.toUnmodifiableMap(PlatformConnector::platform, Function.identity()));
        this.flows = flows.stream().collect(Collectors.toUnmodifiableMap(ConnectFlow::platform, Function.identity()));
    }

    /** How accounts of {@code platform} are connected and kept connected, if Herald knows. */
    public Optional<ConnectFlow> connectFlow(String platform) {
        return Optional.ofNullable(flows.get(platform));
    }

    public Optional<PlatformConnector> forPlatform(String platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }

    /** The connector that publishes for this account: the sandbox for a sandbox account, whatever it impersonates. */
    public Optional<PlatformConnector> forAccount(Account account) {
        return forPlatform(account.isSandbox() ? Account.SANDBOX_PLATFORM : account.platform());
    }
}
