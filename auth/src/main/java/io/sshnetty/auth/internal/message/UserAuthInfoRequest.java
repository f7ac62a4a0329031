package io.sshnetty.auth.internal.message;

import io.netty.buffer.ByteBuf;
import io.sshnetty.auth.keyboard.Prompt;
import io.sshnetty.transport.internal.wire.SshMessage;
import io.sshnetty.transport.internal.wire.Wire;

import java.util.List;

/** SSH_MSG_USERAUTH_INFO_REQUEST, RFC 4256 §3.2: a round of prompts of keyboard-interactive. */
public record UserAuthInfoRequest(String name, String instruction, List<Prompt> prompts) implements SshMessage {
    public static final int NUMBER = 60;

    public UserAuthInfoRequest {
        prompts = List.copyOf(prompts);
    }

    @Override
    public int messageNumber() {
        return NUMBER;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(NUMBER);
        Wire.writeUtf8(out, name);
        Wire.writeUtf8(out, instruction);
        Wire.writeAscii(out, "");
        out.writeInt(prompts.size());
        for (Prompt prompt : prompts) {
            Wire.writeUtf8(out, prompt.text());
            Wire.writeBoolean(out, prompt.echo());
        }
    }
}
