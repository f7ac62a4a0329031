package io.sshnetty.auth.publickey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a key may do once it has authenticated: the options of its authorized_keys line (sshd(8),
 * AUTHORIZED_KEYS FILE FORMAT) and of its certificate (PROTOCOL.certkeys: critical options and
 * extensions), combined. The auth layer enforces {@code from}, {@code source-address} and the expiry at
 * authentication time; the connection layer reads the rest from {@code AuthenticatedUser}.
 *
 * @param forcedCommand   the command run whatever the client asks ({@code command=}, {@code force-command}), or null
 * @param from            the {@code from=} pattern list the client's address matched, or null
 * @param sourceAddress   the certificate's {@code source-address} CIDR list, or null
 * @param permitPty       a pty may be allocated (no {@code no-pty}, or {@code permit-pty} in a certificate)
 * @param permitPortForwarding   TCP forwarding allowed
 * @param permitAgentForwarding  agent forwarding allowed
 * @param permitX11Forwarding    X11 forwarding allowed
 * @param permitUserRc    ~/.ssh/rc may run
 * @param permitOpen      {@code permitopen="host:port"} entries; empty means no limit beyond {@link #permitPortForwarding}
 * @param permitListen    {@code permitlisten="[host:]port"} entries; empty means no limit
 * @param environment     {@code environment="NAME=value"} entries, in order
 * @param expiryTime      the key is refused after this instant ({@code expiry-time=}), or null
 * @param principals      {@code principals=} of a {@code cert-authority} line, or empty
 * @param tunnel          {@code tunnel="n"}: the only tun device allowed, or null
 * @param touchRequired   a FIDO key's signature must show user presence (false after {@code no-touch-required})
 * @param verifyRequired  a FIDO key's signature must show user verification ({@code verify-required})
 * @param restricted      {@code restrict} was given: everything off that later options do not turn on again
 */
public record KeyRestrictions(String forcedCommand, String from, String sourceAddress, boolean permitPty,
        boolean permitPortForwarding, boolean permitAgentForwarding, boolean permitX11Forwarding, boolean permitUserRc,
        List<String> permitOpen, List<String> permitListen, List<String> environment, Instant expiryTime,
        List<String> principals, Integer tunnel, boolean touchRequired, boolean verifyRequired, boolean restricted) {

    /** No restriction at all: what a key without options gets, and every method but publickey. */
    public static final KeyRestrictions NONE = new KeyRestrictions(null, null, null, true, true, true, true, true,
            List.of(), List.of(), List.of(), null, List.of(), null, true, false, false);

    public KeyRestrictions {
        permitOpen = List.copyOf(permitOpen);
        permitListen = List.copyOf(permitListen);
        environment = List.copyOf(environment);
        principals = List.copyOf(principals);
    }

    /**
     * The restrictions of an authorized_keys line's options, applied in order as sshd does.
     *
     * @throws IllegalArgumentException for an option sshd does not know or a malformed value: sshd
     *                                  refuses such a line, and so does the authenticator
     */
    public static KeyRestrictions of(List<KeyOption> options) {
        Builder b = new Builder(NONE);
        for (KeyOption option : options) {
            String name = option.name();
            String value = option.value();
            switch (name) {
                case "restrict" -> {
                    flag(option);
                    b.restricted = true;
                    b.pty = b.portForwarding = b.agentForwarding = b.x11Forwarding = b.userRc = false;
                }
                case "no-pty", "pty" -> b.pty = flag(option) && name.equals("pty");
                case "no-port-forwarding", "port-forwarding" -> b.portForwarding = flag(option) && name.equals("port-forwarding");
                case "no-agent-forwarding", "agent-forwarding" -> b.agentForwarding = flag(option) && name.equals("agent-forwarding");
                case "no-x11-forwarding", "x11-forwarding" -> b.x11Forwarding = flag(option) && name.equals("x11-forwarding");
                case "no-user-rc", "user-rc" -> b.userRc = flag(option) && name.equals("user-rc");
                case "no-touch-required" -> b.touchRequired = !flag(option);
                case "verify-required" -> b.verifyRequired = flag(option);
                case "cert-authority" -> flag(option);
                case "command" -> b.forcedCommand = value(option);
                case "from" -> b.from = value(option);
                case "permitopen" -> b.permitOpen.add(hostPort(option, false));
                case "permitlisten" -> b.permitListen.add(hostPort(option, true));
                case "environment" -> {
                    String assignment = value(option);
                    int equals = assignment.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("environment=\"" + assignment + "\" is not NAME=value");
                    }
                    b.environment.add(assignment);
                }
                case "expiry-time" -> b.expiryTime = parseExpiryTime(value(option), ZoneId.systemDefault());
                case "principals" -> b.principals = List.of(value(option).split(","));
                case "tunnel" -> {
                    try {
                        b.tunnel = Integer.parseUnsignedInt(value(option));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("tunnel=\"" + option.value() + "\" is not a device number");
                    }
                }
                default -> throw new IllegalArgumentException("unknown key option " + name);
            }
        }
        return b.build();
    }

    /**
     * Both sets at once, as sshd merges a certificate's options with its authorized_keys line's: each
     * permission must be granted by both, lists and limits are combined.
     *
     * @throws IllegalArgumentException when both force a command and the commands differ (sshd refuses the key)
     */
    public KeyRestrictions and(KeyRestrictions other) {
        if (forcedCommand != null && other.forcedCommand != null && !forcedCommand.equals(other.forcedCommand)) {
            throw new IllegalArgumentException("certificate and key options force different commands");
        }
        Builder b = new Builder(this);
        b.forcedCommand = forcedCommand != null ? forcedCommand : other.forcedCommand;
        b.from = from != null ? from : other.from;
        b.sourceAddress = sourceAddress != null ? sourceAddress : other.sourceAddress;
        b.pty &= other.permitPty;
        b.portForwarding &= other.permitPortForwarding;
        b.agentForwarding &= other.permitAgentForwarding;
        b.x11Forwarding &= other.permitX11Forwarding;
        b.userRc &= other.permitUserRc;
        b.permitOpen.addAll(other.permitOpen);
        b.permitListen.addAll(other.permitListen);
        b.environment.addAll(other.environment);
        if (other.expiryTime != null && (expiryTime == null || other.expiryTime.isBefore(expiryTime))) {
            b.expiryTime = other.expiryTime;
        }
        b.principals = principals.isEmpty() ? other.principals : principals;
        b.tunnel = tunnel != null ? tunnel : other.tunnel;
        b.touchRequired |= other.touchRequired;
        b.verifyRequired |= other.verifyRequired;
        b.restricted |= other.restricted;
        return b.build();
    }

    /**
     * sshd's {@code expiry-time} format: {@code YYYYMMDD[Z]} or {@code YYYYMMDDHHMM[SS][Z]}, in {@code zone}
     * (the system's time zone in sshd) unless it ends in {@code Z} for UTC.
     */
    public static Instant parseExpiryTime(String text, ZoneId zone) {
        String digits = text;
        ZoneId in = zone;
        if (digits.endsWith("Z") || digits.endsWith("z")) {
            digits = digits.substring(0, digits.length() - 1);
            in = ZoneOffset.UTC;
        }
        try {
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new DateTimeParseException("not digits", text, 0);
            }
            LocalDateTime time = switch (digits.length()) {
                case 8 -> LocalDate.parse(digits, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay();
                case 12 -> LocalDateTime.parse(digits, DateTimeFormatter.ofPattern("uuuuMMddHHmm"));
                case 14 -> LocalDateTime.parse(digits, DateTimeFormatter.ofPattern("uuuuMMddHHmmss"));
                default -> throw new DateTimeParseException("wrong length", text, 0);
            };
            return time.atZone(in).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expiry-time=\"" + text + "\" is not YYYYMMDD[HHMM[SS]][Z]");
        }
    }

    private static boolean flag(KeyOption option) {
        if (!option.isFlag()) {
            throw new IllegalArgumentException("option " + option.name() + " takes no value");
        }
        return true;
    }

    private static String value(KeyOption option) {
        if (option.isFlag()) {
            throw new IllegalArgumentException("option " + option.name() + " needs a value");
        }
        return option.value();
    }

    /** {@code host:port} (permitopen; port may be {@code *}) or {@code [host:]port} (permitlisten). */
    private static String hostPort(KeyOption option, boolean hostOptional) {
        String text = value(option);
        int colon = text.lastIndexOf(':');
        String port = colon < 0 ? text : text.substring(colon + 1);
        if ((colon < 0 && !hostOptional) || colon == 0 || port.isEmpty()
                || !(port.equals("*") || port.chars().allMatch(Character::isDigit))) {
            throw new IllegalArgumentException(option.name() + "=\"" + text + "\" is not " + (hostOptional ? "[host:]port" : "host:port"));
        }
        return text;
    }

    private static final class Builder {
        String forcedCommand;
        String from;
        String sourceAddress;
        boolean pty;
        boolean portForwarding;
        boolean agentForwarding;
        boolean x11Forwarding;
        boolean userRc;
        final List<String> permitOpen;
        final List<String> permitListen;
        final List<String> environment;
        Instant expiryTime;
        List<String> principals;
        Integer tunnel;
        boolean touchRequired;
        boolean verifyRequired;
        boolean restricted;

        Builder(KeyRestrictions from) {
            this.forcedCommand = from.forcedCommand;
            this.from = from.from;
            this.sourceAddress = from.sourceAddress;
            this.pty = from.permitPty;
            this.portForwarding = from.permitPortForwarding;
            this.agentForwarding = from.permitAgentForwarding;
            this.x11Forwarding = from.permitX11Forwarding;
            this.userRc = from.permitUserRc;
            this.permitOpen = new ArrayList<>(from.permitOpen);
            this.permitListen = new ArrayList<>(from.permitListen);
            this.environment = new ArrayList<>(from.environment);
            this.expiryTime = from.expiryTime;
            this.principals = from.principals;
            this.tunnel = from.tunnel;
            this.touchRequired = from.touchRequired;
            this.verifyRequired = from.verifyRequired;
            this.restricted = from.restricted;
        }

        KeyRestrictions build() {
            return new KeyRestrictions(forcedCommand, from, sourceAddress, pty, portForwarding, agentForwarding,
                    x11Forwarding, userRc, permitOpen, permitListen, environment, expiryTime, principals, tunnel,
                    touchRequired, verifyRequired, restricted);
        }
    }

    /** A copy with the certificate's {@code source-address}. */
    KeyRestrictions withSourceAddress(String cidrList) {
        Builder b = new Builder(this);
        b.sourceAddress = Objects.requireNonNull(cidrList);
        return b.build();
    }

    /** A copy that also wants user presence and/or verification from a security key's signatures. */
    KeyRestrictions withSecurityKeyRequirements(boolean presence, boolean verification) {
        Builder b = new Builder(this);
        b.touchRequired |= presence;
        b.verifyRequired |= verification;
        return b.build();
    }

    /** A copy that wants user verification from a security key (the certificate's {@code verify-required}). */
    KeyRestrictions withVerifyRequired() {
        Builder b = new Builder(this);
        b.verifyRequired = true;
        return b.build();
    }

    /** A copy with a forced command. */
    KeyRestrictions withForcedCommand(String command) {
        Builder b = new Builder(this);
        b.forcedCommand = Objects.requireNonNull(command);
        return b.build();
    }

    /** A copy with the certificate's extensions as the permissions (PROTOCOL.certkeys: absent means denied). */
    KeyRestrictions withCertificatePermissions(boolean pty, boolean portForwarding, boolean agentForwarding,
            boolean x11Forwarding, boolean userRc, boolean touchRequired) {
        Builder b = new Builder(this);
        b.pty = pty;
        b.portForwarding = portForwarding;
        b.agentForwarding = agentForwarding;
        b.x11Forwarding = x11Forwarding;
        b.userRc = userRc;
        b.touchRequired = touchRequired;
        return b.build();
    }
}
