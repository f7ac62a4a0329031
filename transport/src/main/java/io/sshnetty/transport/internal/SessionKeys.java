package io.sshnetty.transport.internal;

import io.sshnetty.transport.internal.cipher.CipherAlgorithm;
import io.sshnetty.transport.internal.cipher.CipherAlgorithms;
import io.sshnetty.transport.internal.cipher.MacAlgorithm;
import io.sshnetty.transport.internal.cipher.MacAlgorithms;
import io.sshnetty.transport.internal.cipher.PacketCipher;
import io.sshnetty.transport.internal.compression.CompressionAlgorithm;
import io.sshnetty.transport.internal.compression.CompressionAlgorithms;
import io.sshnetty.transport.internal.kex.KexResult;
import io.sshnetty.transport.internal.kex.KeyDerivation;
import io.sshnetty.transport.kex.NegotiatedAlgorithms;
import io.sshnetty.transport.internal.packet.PacketCodec;

/**
 * The packet protection and compression of both directions after a finished exchange: keys derived as
 * RFC 4253 §7.2 says (IVs A/B, keys C/D, MAC keys E/F), staged in the codec to take effect at each NEWKEYS.
 */
final class SessionKeys {
    private SessionKeys() {
    }

    static void stage(PacketCodec codec, KexResult result, byte[] sessionId, NegotiatedAlgorithms negotiated,
            boolean strictKex, int maxPacketLength) {
        KeyDerivation keys = new KeyDerivation(result, sessionId);
        PacketCipher inbound = cipher(keys, false, negotiated.cipherClientToServer(), negotiated.macClientToServer());
        PacketCipher outbound = cipher(keys, true, negotiated.cipherServerToClient(), negotiated.macServerToClient());
        CompressionAlgorithm compressionIn = CompressionAlgorithms.byName(negotiated.compressionClientToServer()).orElseThrow();
        CompressionAlgorithm compressionOut = CompressionAlgorithms.byName(negotiated.compressionServerToClient()).orElseThrow();
        codec.stageInbound(inbound, strictKex, compressionIn.newStream(false, maxPacketLength), compressionIn.delayed());
        codec.stageOutbound(outbound, strictKex, compressionOut.newStream(true, maxPacketLength), compressionOut.delayed());
    }

    private static PacketCipher cipher(KeyDerivation keys, boolean serverToClient, String cipherName, String macName) {
        CipherAlgorithm cipher = CipherAlgorithms.byName(cipherName).orElseThrow();
        MacAlgorithm mac = macName == null ? null : MacAlgorithms.byName(macName).orElseThrow();
        byte[] iv = keys.derive(serverToClient ? 'B' : 'A', cipher.ivLength());
        byte[] key = keys.derive(serverToClient ? 'D' : 'C', cipher.keyLength());
        byte[] macKey = mac == null ? null : keys.derive(serverToClient ? 'F' : 'E', mac.keyLength());
        return cipher.create(serverToClient, key, iv, mac, macKey);
    }
}
