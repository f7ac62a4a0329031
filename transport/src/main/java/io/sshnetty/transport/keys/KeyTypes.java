package io.sshnetty.transport.keys;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sshnetty.transport.wire.SshProtocolException;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table of key types, in order of preference, and the blob codec it defines (RFC 4253 §6.6:
 * {@code string key-type} and that type's fields). The transport's host key types are {@link PublicKeys#table()};
 * a layer that accepts more types (the auth layer's security keys and certificates) builds its table with
 * {@link #with}. Adding a key type is its class, holding its {@link KeyType}, and one entry in a table.
 */
public final class KeyTypes {
    /** Key type names are far shorter; an error message quotes at most this much of an unknown one. */
    private static final int MAX_PRINTED_NAME_LENGTH = 64;

    private final Map<String, KeyType> types;
    private final List<String> signatureAlgorithms;

    private KeyTypes(Map<String, KeyType> types) {
        this.types = Collections.unmodifiableMap(types);
        Set<String> algorithms = new LinkedHashSet<>();
        for (KeyType type : types.values()) {
            algorithms.addAll(type.signatureAlgorithms());
        }
        this.signatureAlgorithms = List.copyOf(algorithms);
    }

    /** The table of {@code types}, in this order. */
    public static KeyTypes of(KeyType... types) {
        return new KeyTypes(new LinkedHashMap<>()).with(List.of(types));
    }

    /** This table followed by {@code more}. */
    public KeyTypes with(KeyType... more) {
        return with(List.of(more));
    }

    /**
     * This table followed by {@code more}.
     *
     * @throws IllegalArgumentException when a name is in the table twice
     */
    public KeyTypes with(Collection<KeyType> more) {
        Map<String, KeyType> map = new LinkedHashMap<>(types);
        for (KeyType type : more) {
            if (map.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("key type " + type.name() + " is in the table twice");
            }
        }
        return new KeyTypes(map);
    }

    /** True when keys of type {@code name} (e.g. {@code ssh-ed25519}) can be decoded. */
    public boolean isSupported(String name) {
        return types.containsKey(name);
    }

    /** The entry named {@code name}, or null. */
    public KeyType get(String name) {
        return types.get(name);
    }

    /** The names of the types, in table order. */
    public Set<String> names() {
        return types.keySet();
    }

    /** The types, in table order. */
    public Collection<KeyType> types() {
        return types.values();
    }

    /** Every signature algorithm keys of these types verify, in table order, each once. */
    public List<String> signatureAlgorithms() {
        return signatureAlgorithms;
    }

    /**
     * The entry of {@code key}'s type.
     *
     * @throws KeyFormatException when the table has none
     */
    public KeyType typeOf(SshPublicKey key) {
        KeyType type = types.get(key.keyType());
        if (type == null) {
            throw new KeyFormatException("unsupported key type " + printable(key.keyType()));
        }
        return type;
    }

    /**
     * Decodes a public key blob: {@code string key-type} and the fields of a type in this table, nothing after.
     *
     * @throws KeyFormatException for an unknown type, a field of the wrong length or value, a truncated blob or
     *                            trailing bytes
     */
    public SshPublicKey decode(byte[] blob) {
        ByteBuf in = Unpooled.wrappedBuffer(blob);
        try {
            return decode(in);
        } finally {
            in.release();
        }
    }

    /** Decodes a public key blob that fills all of {@code in}'s readable bytes; see {@link #decode(byte[])}. */
    public SshPublicKey decode(ByteBuf in) {
        try {
            String name = Wire.readAscii(in);
            KeyType type = types.get(name);
            if (type == null) {
                throw new KeyFormatException("unsupported key type " + printable(name));
            }
            SshPublicKey key = type.publicDecoder().decode(in);
            if (in.isReadable()) {
                throw new KeyFormatException(in.readableBytes() + " unexpected bytes after " + name + " public key");
            }
            return key;
        } catch (SshProtocolException malformed) {
            throw new KeyFormatException("malformed public key blob: " + malformed.getMessage(), malformed);
        }
    }

    /** A name from a peer or a file, fit for an error message: bounded, control characters escaped. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && i < MAX_PRINTED_NAME_LENGTH; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (name.length() > MAX_PRINTED_NAME_LENGTH) {
            out.append("...");
        }
        return "\"" + out + "\"";
    }

    @Override
    public String toString() {
        return new ArrayList<>(types.keySet()).toString();
    }
}
