package io.sshnetty.auth.publickey;

import io.sshnetty.transport.keys.SshPublicKey;

/**
 * A FIDO security key's public key (OpenSSH's PROTOCOL.u2f): its signatures carry the token's flags and
 * counter beside the signature proper, and are made over
 * {@code SHA256(application) || flags || counter || SHA256(data)}. Verifying a signature says nothing of
 * its flags; whether they are good enough (user presence, user verification) is decided by the publickey
 * method against {@link KeyRestrictions}.
 */
public interface SecurityKey extends SshPublicKey {
    /** PROTOCOL.u2f: the token saw a touch. */
    int FLAG_USER_PRESENCE = 0x01;
    /** PROTOCOL.u2f: the token verified the user (PIN or biometrics). */
    int FLAG_USER_VERIFICATION = 0x04;

    /** The flags and counter a security key's signature carries. */
    record Details(int flags, long counter) {
        /** The token saw a touch. */
        public boolean userPresent() {
            return (flags & FLAG_USER_PRESENCE) != 0;
        }

        /** The token verified the user. */
        public boolean userVerified() {
            return (flags & FLAG_USER_VERIFICATION) != 0;
        }
    }

    /** The FIDO application (relying party id) the key was made for, e.g. {@code ssh:}. */
    String application();

    /** The flags and counter of a signature blob of this key's type; null when it is malformed. */
    Details signatureDetails(byte[] signatureBlob);

    /** What the token signs for {@code data} with {@code flags} and {@code counter} (PROTOCOL.u2f). */
    default byte[] signedMessage(byte[] data, int flags, long counter) {
        return SecurityKeySignature.signedMessage(application(), data, flags, counter);
    }
}
