package io.sshnetty.connection.session;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A command's standard streams on its session channel. {@link #stdin()} ends at the client's EOF;
 * {@link #stdout()} is sent as channel data and {@link #stderr()} as extended data of type 1 (RFC 4254
 * §5.2). The streams throw {@link java.io.IOException} once the channel is closed.
 */
public interface CommandIo {
    InputStream stdin();

    OutputStream stdout();

    OutputStream stderr();
}
