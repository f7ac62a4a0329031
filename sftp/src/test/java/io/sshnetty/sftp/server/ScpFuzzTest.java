package io.sshnetty.sftp.server;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The legacy scp protocol served in-process, with no channel: the input's first line is the command line
 * the client asks to run ({@code scp -r -p -t /tmp/sftpcap/}, say), the rest is what the client sends —
 * the C, D, T and E lines and file bytes to a sink, the acknowledgements to a source. Over a fresh
 * in-memory root ({@link FuzzRoot}), the run returns an exit status or ends with an {@link IOException}
 * (the stream ended), never another exception; it closes everything it opened and changes nothing
 * outside the root. Seeds: OpenSSH's {@code scp -O} uploads captured as they reach the remote
 * {@code scp -t}, downloads' acknowledgements, and hostile lines. docs/fuzzing.md says how to fuzz.
 */
class ScpFuzzTest {
    @FuzzTest
    void transfer(byte[] input) throws Exception {
        int newline = indexOf(input, (byte) '\n');
        String commandLine = new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.UTF_8);
        ScpExec.Invocation scp = ScpExec.invocation(commandLine);
        if (scp == null) {
            return; // not an scp command: the wrapped handler's business
        }
        int start = newline < 0 ? input.length : newline + 1;
        try (FuzzRoot files = new FuzzRoot()) {
            SftpSettings settings = SftpSettings.builder().root(files.root).home(user -> FuzzRoot.CAPTURE_DIR).build();
            ScpExec exec = new ScpExec(settings, request -> null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    int status = exec.transfer("fuzz", scp, new ByteArrayInputStream(input, start, input.length - start), out);
                    assertTrue(status == 0 || status == 1, "exit status " + status);
                } catch (IOException endedEarly) {
                    // the client's stream ended inside the protocol: scp gives up, as OpenSSH's does
                }
            });
            files.assertNothingOpen();
            files.assertOutsideUnchanged();
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
