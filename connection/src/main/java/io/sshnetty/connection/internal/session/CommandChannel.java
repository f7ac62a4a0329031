package io.sshnetty.connection.internal.session;

import io.sshnetty.connection.session.CommandIo;
import io.sshnetty.connection.session.SessionInfo;
import io.sshnetty.connection.session.WindowSize;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/** The {@link CommandIo} of one session channel: its streams, and the listeners the command installed. */
final class CommandChannel implements CommandIo {
    /** How a command ended: by a signal (name, core dumped, message), or null for its exit status. */
    record ExitSignal(String signal, boolean coreDumped, String message) {
    }

    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final SessionInfo session;
    private volatile Consumer<String> signalListener;
    private volatile Consumer<WindowSize> windowListener;
    private volatile IntConsumer breakListener;
    private volatile ExitSignal exitSignal;

    CommandChannel(InputStream stdin, OutputStream stdout, OutputStream stderr, SessionInfo session) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.session = session;
    }

    @Override
    public InputStream stdin() {
        return stdin;
    }

    @Override
    public OutputStream stdout() {
        return stdout;
    }

    @Override
    public OutputStream stderr() {
        return stderr;
    }

    @Override
    public SessionInfo session() {
        return session;
    }

    @Override
    public void onSignal(Consumer<String> listener) {
        signalListener = listener;
    }

    @Override
    public void onWindowChange(Consumer<WindowSize> listener) {
        windowListener = listener;
    }

    @Override
    public void onBreak(IntConsumer listener) {
        breakListener = listener;
    }

    @Override
    public void exitSignal(String signal, boolean coreDumped, String message) {
        exitSignal = new ExitSignal(signal, coreDumped, message == null ? "" : message);
    }

    ExitSignal exitSignalReported() {
        return exitSignal;
    }

    boolean signal(String name) {
        Consumer<String> listener = signalListener;
        if (listener == null) {
            return false;
        }
        listener.accept(name);
        return true;
    }

    boolean windowChange(WindowSize size) {
        Consumer<WindowSize> listener = windowListener;
        if (listener == null) {
            return false;
        }
        listener.accept(size);
        return true;
    }

    boolean breakRequested(int milliseconds) {
        IntConsumer listener = breakListener;
        if (listener == null) {
            return false;
        }
        listener.accept(milliseconds);
        return true;
    }
}
