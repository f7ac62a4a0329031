package io.sshnetty.connection.forwarding;

import io.netty.channel.socket.DatagramChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where forwarding looks host names up: Netty's asynchronous DNS resolver, whose queries are UDP packets
 * on the connection's own event loop, so a slow or silent name server delays only the forwarding that
 * asked (never {@code getaddrinfo} on the loop).
 *
 * @param nameServers  the name servers to ask, in order; empty for the system's (/etc/resolv.conf)
 * @param queryTimeout how long to wait for one answer
 * @param hosts        names answered without asking (lower case), before /etc/hosts; for tests and fixed maps
 */
public record DnsSettings(List<InetSocketAddress> nameServers, Duration queryTimeout, Map<String, InetAddress> hosts) {
    /** Netty's and glibc's five seconds per query. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    public DnsSettings {
        nameServers = List.copyOf(nameServers);
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Map<String, InetAddress> lowerCase = new HashMap<>();
        hosts.forEach((name, address) -> lowerCase.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(address)));
        hosts = Map.copyOf(lowerCase);
    }

    /** The system's name servers and /etc/hosts, five seconds per query. */
    public static DnsSettings system() {
        return new DnsSettings(List.of(), DEFAULT_QUERY_TIMEOUT, Map.of());
    }

    /**
     * A resolver group for event loops whose UDP sockets are {@code datagramSocket}. The system's
     * configuration files are read here, on the caller's thread, not later on an event loop.
     */
    public AddressResolverGroup<InetSocketAddress> newResolverGroup(Class<? extends DatagramChannel> datagramSocket) {
        DnsServerAddressStreamProvider servers = nameServers.isEmpty()
                ? DnsServerAddressStreamProviders.platformDefault()
                : new SequentialDnsServerAddressStreamProvider(nameServers);
        HostsFileEntriesResolver fixed = hosts.isEmpty() ? HostsFileEntriesResolver.DEFAULT : (name, types) -> {
            InetAddress address = hosts.get(name.toLowerCase(Locale.ROOT));
            return address != null ? address : HostsFileEntriesResolver.DEFAULT.address(name, types);
        };
        fixed.address("localhost", ResolvedAddressTypes.IPV4_PREFERRED); // reads /etc/hosts now rather than on the first lookup
        loadResolverClass(); // its static setup reads /etc/resolv.conf's search domains
        return new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(datagramSocket)
                .queryTimeoutMillis(queryTimeout.toMillis())
                .nameServerProvider(servers)
                .hostsFileEntriesResolver(fixed));
    }

    private static void loadResolverClass() {
        try {
            Class.forName("io.netty.resolver.dns.DnsNameResolver", true, DnsSettings.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
