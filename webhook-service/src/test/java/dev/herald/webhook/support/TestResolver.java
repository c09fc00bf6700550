package dev.herald.webhook.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.herald.webhook.endpoint.HostResolver;

/**
 * DNS the test controls: names it was told about resolve to the addresses it chose (and can change, as a rebinding
 * attacker would); other names go to the real resolver.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestResolver extends HostResolver {

    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();

    /** From now on {@code name} resolves to these literal addresses. */
    public void point(String name, String... addresses) {
        List<InetAddress> resolved = new ArrayList<>();
        for (String address : addresses) {
            try {
                resolved.add(InetAddress.getByName(address)); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
        }
        names.put(name, List.copyOf(resolved));
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> pointed = names.get(host);
        return pointed != null ? pointed : super.resolve(host);
    }
}
