package dev.herald.publisher.connector;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.herald.publisher.account.Account;

/** The installed platform connectors, by platform name; sandbox accounts always get the sandbox's. */
@ApplicationScoped
public class Connectors {

    private final Map<String, PlatformConnector> byPlatform;

    public Connectors(Instance<PlatformConnector> connectors) {
        this.byPlatform = connectors.stream()
                .collect(Collectors.toUnmodifiableMap(PlatformConnector::platform, Function.identity()));
    }

    public Optional<PlatformConnector> forPlatform(String platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }

    /** The connector that publishes for this account: the sandbox for a sandbox account, whatever it impersonates. */
    public Optional<PlatformConnector> forAccount(Account account) {
        return forPlatform(account.isSandbox() ? Account.SANDBOX_PLATFORM : account.platform());
    }
}
