package io.sshnetty.sftp.server;

import io.sshnetty.connection.session.Command;
import io.sshnetty.connection.session.ExecHandler;
import io.sshnetty.connection.session.ExecRequest;
import io.sshnetty.sftp.internal.codec.FileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The legacy scp protocol ({@code scp -O}) served in Java, so it works with no scp binary on the server:
 * an {@link ExecHandler} that recognises the commands OpenSSH's scp runs remotely — {@code scp -t} (we
 * receive, "sink") and {@code scp -f} (we send, "source"), with {@code -r}, {@code -p}, {@code -d},
 * {@code -v} — and hands every other command to the handler it wraps. Files are reached exactly as over
 * SFTP: the same root, homes ("~" too), read-only setting and mode policy, one {@link SftpSettings}.
 *
 * <p>The protocol, as {@code man scp} and OpenSSH's behaviour describe it: each side answers a line or a
 * file with one byte, 0 for "go on", 1 plus a message line for an error (2: a fatal one). The source
 * sends {@code C<mode> <size> <name>} and the bytes, {@code D<mode> 0 <name>} … {@code E} around a
 * directory, and {@code T<mtime> 0 <atime> 0} before either when times are preserved.
 *
 * <p>A source path with unquoted {@code *}, {@code ?} or {@code [} in its last component ({@code scp -O
 * host:'/dir/*.txt' .}) is expanded here as the remote shell would have expanded it for scp: against the
 * names of its directory, reached through the same confinement as any other path, sorted as in the C locale,
 * hidden names only for a pattern that starts with a dot; a pattern that matches nothing is reported as the
 * missing file it then is to scp. Patterns in an earlier component are refused with a message.
 */
public final class ScpExec implements ExecHandler {
    private static final Logger log = LoggerFactory.getLogger(ScpExec.class);
    /** A protocol line longer than this is refused (a file name is at most a few KiB). */
    private static final int MAX_LINE = 16 * 1024;
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Directories nested below one source or target: bounds the recursion and the directories open at once. */
    static final int MAX_DEPTH = 64;
    /** Names one pattern may expand to. */
    static final int MAX_MATCHES = 10_000;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final SftpSettings settings;
    private final ConfinedPaths paths;
    private final ExecHandler others;

    /**
     * @param settings the root, homes, read-only setting and mode policy scp shares with SFTP
     * @param others   serves every command that is not scp's (may return null to refuse)
     * @throws IllegalArgumentException when the root's file system cannot be walked without following links
     */
    public ScpExec(SftpSettings settings, ExecHandler others) {
        this(settings, SftpSubsystem.confine(settings), others);
    }

    /** scp over the settings of {@code sftp}; see {@link #ScpExec(SftpSettings, ExecHandler)}. */
    public ScpExec(SftpSubsystem sftp, ExecHandler others) {
        this(sftp.settings(), sftp.paths(), others);
    }

    private ScpExec(SftpSettings settings, ConfinedPaths paths, ExecHandler others) {
        this.settings = Objects.requireNonNull(settings);
        this.paths = paths;
        this.others = Objects.requireNonNull(others);
    }

    @Override
    public Command exec(ExecRequest request) {
        Invocation scp = invocation(request.command());
        if (scp == null) {
            return others.exec(request);
        }
        log.debug("[{}] scp in-process for {}: {}", request.connectionId(), request.user(), request.command());
        return command(request.user(), scp);
    }

    // --- the command (connection's session protocol) ----------------------------------------------

    /** A process-style command: one transfer over the channel's stdin and stdout. */
    private Command command(String user, Invocation scp) {
        return Command.process(io -> transfer(user, scp, io.stdin(), io.stdout()));
    }

    /** One scp run over {@code in} and {@code out}; returns scp's exit status. No channel needed: tests drive it too. */
    int transfer(String user, Invocation scp, InputStream in, OutputStream out) throws IOException {
        return new Transfer(user, scp.options(), in, out).run(scp.paths());
    }

    /** An scp command line served here: its options and its paths (sink: exactly one, not a pattern). */
    record Invocation(Options options, List<Word> paths) {
    }

    /**
     * {@code command} as the scp command line this class serves ({@code scp -t|-f [-r] [-p] [-d] [-v] path…}),
     * or null when it is any other command, left to the wrapped handler.
     */
    static Invocation invocation(String command) {
        List<Word> words = words(command);
        if (words == null || words.isEmpty() || !words.get(0).text().equals("scp")) {
            return null;
        }
        Options options = new Options();
        int i = 1;
        for (; i < words.size(); i++) {
            if (words.get(i).isPattern()) {
                break;
            }
            String word = words.get(i).text();
            if (word.equals("--")) {
                i++;
                break;
            }
            if (!word.startsWith("-") || word.length() < 2) {
                break;
            }
            for (char flag : word.substring(1).toCharArray()) {
                switch (flag) {
                    case 't': options.sink = true; break;
                    case 'f': options.source = true; break;
                    case 'r': options.recursive = true; break;
                    case 'p': options.preserve = true; break;
                    case 'd': options.targetIsDirectory = true; break;
                    case 'v': break;
                    default: return null;
                }
            }
        }
        List<Word> paths = words.subList(i, words.size());
        if (options.sink == options.source || paths.isEmpty() || (options.sink && paths.size() != 1)
                || (options.sink && paths.get(0).isPattern())) {
            return null;
        }
        return new Invocation(options, List.copyOf(paths));
    }

    static final class Options {
        boolean sink;
        boolean source;
        boolean recursive;
        boolean preserve;
        boolean targetIsDirectory;
    }

    /** One scp run: either side of the protocol over the channel's streams. */
    private final class Transfer {
        private final Options options;
        private final InputStream in;
        private final OutputStream out;
        private final String home;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private int errors;

        Transfer(String user, Options options, InputStream in, OutputStream out) {
            this.options = options;
            this.in = in;
            this.out = out;
            this.home = settings.homeOf(user);
        }

        int run(List<Word> paths) throws IOException {
            if (options.sink) {
                sink(paths.get(0).text());
            } else {
                if (!awaitAck()) {
                    return 1;
                }
                for (Word path : paths) {
                    if (path.isPattern()) {
                        sendMatches(path);
                    } else {
                        send(path.text());
                    }
                }
            }
            out.flush();
            return errors == 0 ? 0 : 1;
        }

        private String clientPath(String path) {
            if (path.equals("~") || path.startsWith("~/")) {
                path = home + path.substring(1);
            }
            return ConfinedPaths.normalize(home, path);
        }

        // --- we receive (scp -t) -------------------------------------------------------------------

        /** A directory being received into: its handle, client path and path. */
        private record Into(SecureDirectoryStream<Path> directory, String clientPath, Path path) {
        }

        private void sink(String target) throws IOException {
            ConfinedPaths.Located at;
            BasicFileAttributes attributes;
            try {
                at = paths.walk(clientPath(target), true);
            } catch (IOException e) {
                fatal(target + ": " + describe(e));
                return;
            } catch (InvalidPathException e) {
                fatal(printable(target) + ": not a valid path");
                return;
            }
            Deque<Into> directories = new ArrayDeque<>();
            try (at) {
                attributes = at.attributesIfExists();
                boolean targetIsDirectory = attributes != null && attributes.isDirectory();
                if (options.targetIsDirectory && !targetIsDirectory) {
                    fatal(target + ": Not a directory");
                    return;
                }
                if (settings.readOnly()) {
                    fatal(target + ": Permission denied");
                    return;
                }
                Into base = null;
                if (targetIsDirectory) {
                    base = new Into(at.directory().newDirectoryStream(at.relative(), NOFOLLOW), at.clientPath(), at.path());
                    directories.push(base);
                }
                ack();
                receive(at, base, directories);
            } finally {
                for (Into into : directories) {
                    into.directory().close();
                }
            }
        }

        /** The lines of the protocol, until the source ends; directories are entered and left as it says. */
        private void receive(ConfinedPaths.Located target, Into base, Deque<Into> directories) throws IOException {
            long[] times = null;
            String line;
            while ((line = readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                char kind = line.charAt(0);
                if (kind == '\u0001' || kind == '\u0002') {
                    // The source reports its own error; it has printed it on its side.
                    errors++;
                    if (kind == '\u0002') {
                        return;
                    }
                    continue;
                }
                if (kind == 'E') {
                    if (directories.isEmpty() || directories.peek() == base) {
                        fatal("protocol error: unexpected E");
                        return;
                    }
                    directories.pop().directory().close();
                    ack();
                    continue;
                }
                if (kind == 'T') {
                    times = parseTimes(line);
                    if (times == null) {
                        fatal("protocol error: bad T line");
                        return;
                    }
                    ack();
                    continue;
                }
                if (kind != 'C' && kind != 'D') {
                    fatal("protocol error: " + printable(line));
                    return;
                }
                String[] fields = line.substring(1).split(" ", 3);
                int mode;
                long size;
                try {
                    mode = Integer.parseInt(fields[0], 8) & 07777;
                    size = Long.parseLong(fields[1]);
                } catch (RuntimeException e) {
                    fatal("protocol error: bad " + kind + " line");
                    return;
                }
                String name = fields.length == 3 ? fields[2] : "";
                if (name.isEmpty() || name.contains("/") || name.indexOf('\0') >= 0 || name.equals(".") || name.equals("..")
                        || size < 0) {
                    fatal("protocol error: unexpected filename: " + printable(name));
                    return;
                }
                // With no directory to receive into, the target itself is what arrives (scp -r d host:new).
                Into into = directories.peek();
                String destination = into == null ? target.clientPath() : into.clientPath() + "/" + name;
                if (kind == 'D') {
                    if (!options.recursive) {
                        fatal("received directory without -r");
                        return;
                    }
                    if (directories.size() >= MAX_DEPTH) {
                        fatal(name + ": directories nested deeper than " + MAX_DEPTH);
                        return;
                    }
                    try {
                        directories.push(enter(ConfinedPaths.normalize("/", destination), times));
                        ack();
                    } catch (IOException e) {
                        fatal(name + ": " + describe(e));
                        return;
                    }
                    times = null;
                    continue;
                }
                if (into == null) {
                    receiveFile(target.directory(), target.name(), target.path(), name, mode, size, times);
                } else {
                    receiveFile(into.directory(), name, into.path().resolve(name), name, mode, size, times);
                }
                times = null;
            }
        }

        /** Makes the directory at {@code clientPath} unless it exists, and opens it without following links. */
        private Into enter(String clientPath, long[] times) throws IOException {
            try {
                paths.createDirectory(clientPath, 0777);
            } catch (java.nio.file.FileAlreadyExistsException exists) {
                // scp -r into a directory that is there already: its contents arrive into it
            }
            try (ConfinedPaths.Located at = paths.walk(clientPath, false)) {
                if (!at.attributes().isDirectory()) {
                    throw new java.nio.file.FileAlreadyExistsException(clientPath, null, "Not a directory");
                }
                SecureDirectoryStream<Path> directory = at.directory().newDirectoryStream(at.relative(), NOFOLLOW);
                if (times != null) {
                    try {
                        directory.getFileAttributeView(BasicFileAttributeView.class).setTimes(
                                FileTime.fromMillis(times[0] * 1000), FileTime.fromMillis(times[1] * 1000), null);
                    } catch (IOException | RuntimeException e) {
                        directory.close();
                        throw e;
                    }
                }
                return new Into(directory, at.clientPath(), at.path());
            }
        }

        private void receiveFile(SecureDirectoryStream<Path> directory, String fileName, Path path, String name, int mode,
                long size, long[] times) throws IOException {
            FileChannel file = null;
            String failure = null;
            Path relative = path.getFileSystem().getPath(fileName);
            Object key = null;
            try {
                BasicFileAttributes existing = attributesIfExists(directory, relative);
                if (existing != null && !existing.isRegularFile()) {
                    throw new java.nio.file.AccessDeniedException(name, null, "not a regular file");
                }
                SeekableByteChannel opened = directory.newByteChannel(relative,
                        Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS));
                if (!(opened instanceof FileChannel)) {
                    opened.close();
                    throw new UnsupportedOperationException("no FileChannel on this file system");
                }
                file = (FileChannel) opened;
                key = directory.getFileAttributeView(relative, BasicFileAttributeView.class, NOFOLLOW).readAttributes().fileKey();
            } catch (IOException | RuntimeException e) {
                failure = describe(e);
            }
            ack();
            long left = size;
            long position = 0;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    if (file != null) {
                        file.close();
                    }
                    throw new IOException("stream ended inside a file");
                }
                if (file != null && failure == null) {
                    try {
                        ByteBuffer data = ByteBuffer.wrap(buffer, 0, n);
                        while (data.hasRemaining()) {
                            position += file.write(data, position);
                        }
                    } catch (IOException e) {
                        failure = describe(e);
                    }
                }
                left -= n;
            }
            if (file != null) {
                try (FileChannel closing = file) {
                    if (failure == null) {
                        closing.truncate(size);
                    }
                } catch (IOException e) {
                    failure = failure == null ? describe(e) : failure;
                }
            }
            if (failure == null && (options.preserve || times != null)) {
                FileAttributes attributes = FileAttributes.EMPTY;
                if (options.preserve) {
                    attributes = attributes.withPermissions(mode);
                }
                if (times != null) {
                    attributes = attributes.withTimes(times[1], times[0]);
                }
                try {
                    FileStatus.writeThroughHandle(paths, directory, fileName, key, path, attributes, settings.allowSetIdBits());
                } catch (IOException | RuntimeException e) {
                    failure = describe(e);
                }
            }
            int status = in.read(); // the source's verdict on what it sent
            if (status < 0) {
                throw new IOException("stream ended after a file");
            }
            if (failure != null) {
                warn(name + ": " + failure);
            } else {
                ack();
            }
        }

        // --- we send (scp -f) ----------------------------------------------------------------------

        private void send(String source) throws IOException {
            try (ConfinedPaths.Located at = paths.walk(clientPath(source), true)) {
                try {
                    at.attributes();
                } catch (IOException e) {
                    warn(source + ": " + describe(e));
                    return;
                }
                String name = at.isRoot() ? "/" : at.name();
                sendPath(at.directory(), at.isRoot() ? null : at.name(), at.path(), name, source, 0);
            } catch (IOException e) {
                warn(source + ": " + describe(e));
            } catch (InvalidPathException e) {
                // a NUL in the command line: no file has that name
                warn(printable(source) + ": not a valid path");
            }
        }

        /**
         * Sends every name of the pattern's directory that its last component matches, in the C locale's
         * order, as a shell's pathname expansion would have listed them (POSIX.1 XCU §2.13.3).
         */
        private void sendMatches(Word pattern) throws IOException {
            String text = pattern.text();
            int slash = text.lastIndexOf('/');
            if (pattern.globs().nextSetBit(0) < slash) {
                warn(text + ": patterns are expanded in the last path component only");
                return;
            }
            String prefix = text.substring(0, slash + 1);
            List<String> names = new ArrayList<>();
            try (ConfinedPaths.Located at = paths.walk(clientPath(prefix.isEmpty() ? "." : prefix), true);
                 DirectoryStream<Path> entries = at.directory().newDirectoryStream(at.relative(), NOFOLLOW)) {
                Glob glob = pattern.lastComponentPattern();
                boolean hidden = text.length() > slash + 1 && text.charAt(slash + 1) == '.';
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if ((hidden || !name.startsWith(".")) && glob.matches(name)) {
                        names.add(name);
                        if (names.size() > MAX_MATCHES) {
                            break;
                        }
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                // A directory that cannot be listed, or a pattern too long, matches nothing, as in a shell.
                names.clear();
            }
            if (names.isEmpty()) {
                warn(text + ": No such file or directory");
                return;
            }
            if (names.size() > MAX_MATCHES) {
                warn(text + ": more than " + MAX_MATCHES + " matches");
                return;
            }
            Collections.sort(names);
            for (String name : names) {
                send(prefix + name);
            }
        }

        /**
         * Sends {@code name} in {@code directory} (null: the directory itself), never following a link:
         * links met while recursing are reported and skipped, as OpenSSH's scp does not follow them either.
         */
        private void sendPath(SecureDirectoryStream<Path> directory, String name, Path path, String shownName, String shown,
                int depth) throws IOException {
            FileStatus status;
            try {
                status = FileStatus.read(directory, name, path);
            } catch (IOException e) {
                warn(shown + ": " + describe(e));
                return;
            }
            int mode = status.attributes().permissions() & 07777;
            int type = status.attributes().permissions() & FileStatus.S_IFMT;
            if (type != FileStatus.S_IFREG && type != FileStatus.S_IFDIR) {
                warn(shown + ": not a regular file");
                return;
            }
            if (type == FileStatus.S_IFDIR && !options.recursive) {
                warn(shown + ": not a regular file");
                return;
            }
            if (type == FileStatus.S_IFDIR && depth >= MAX_DEPTH) {
                warn(shown + ": directories nested deeper than " + MAX_DEPTH);
                return;
            }
            if (options.preserve) {
                writeLine("T" + status.attributes().mtime() + " 0 " + status.attributes().atime() + " 0");
                if (!awaitAck()) {
                    return;
                }
            }
            Path relative = path.getFileSystem().getPath(name == null ? "." : name);
            if (type == FileStatus.S_IFDIR) {
                writeLine(String.format("D%04o 0 %s", mode, shownName));
                if (!awaitAck()) {
                    return;
                }
                try (SecureDirectoryStream<Path> entries = directory.newDirectoryStream(relative, NOFOLLOW)) {
                    for (Path entry : entries) {
                        String entryName = entry.getFileName().toString();
                        sendPath(entries, entryName, path.resolve(entryName), entryName, shown + "/" + entryName, depth + 1);
                    }
                } catch (IOException e) {
                    warn(shown + ": " + describe(e));
                }
                writeLine("E");
                awaitAck();
                return;
            }
            SeekableByteChannel opened;
            try {
                opened = directory.newByteChannel(relative, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                warn(shown + ": " + describe(e));
                return;
            }
            try (SeekableByteChannel file = opened) {
                long size = file.size();
                writeLine(String.format("C%04o %d %s", mode, size, shownName));
                if (!awaitAck()) {
                    return;
                }
                long position = 0;
                String failure = null;
                while (position < size) {
                    int length = (int) Math.min(buffer.length, size - position);
                    int n = failure == null ? readAt(file, position, length) : -1;
                    if (n <= 0) {
                        // The file shrank or failed: the count is promised, so pad with zeros and report it.
                        failure = failure == null ? "file changed size or could not be read" : failure;
                        java.util.Arrays.fill(buffer, 0, length, (byte) 0);
                        n = length;
                    }
                    out.write(buffer, 0, n);
                    position += n;
                }
                if (failure == null) {
                    out.write(0);
                } else {
                    writeError(1, shown + ": " + failure);
                }
                awaitAck();
            }
        }

        private int readAt(SeekableByteChannel file, long position, int length) {
            try {
                file.position(position);
                return file.read(ByteBuffer.wrap(buffer, 0, length));
            } catch (IOException e) {
                return -1;
            }
        }

        // --- the protocol's small pieces ----------------------------------------------------------

        private void ack() throws IOException {
            out.write(0);
        }

        /** Waits for the peer's 0; an error from it (1 or 2 and a message) counts and returns false. */
        private boolean awaitAck() throws IOException {
            int status = in.read();
            if (status == 0) {
                return true;
            }
            if (status < 0) {
                throw new IOException("peer closed the stream");
            }
            readLine();
            errors++;
            return false;
        }

        private void warn(String message) throws IOException {
            errors++;
            writeError(1, message);
        }

        private void fatal(String message) throws IOException {
            errors++;
            writeError(2, message);
        }

        private void writeError(int level, String message) throws IOException {
            out.write(level);
            out.write(("scp: " + message + "\n").getBytes(StandardCharsets.UTF_8));
        }

        private void writeLine(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** One line without its newline; null at the end of the stream. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (line.size() == MAX_LINE) {
                    throw new IOException("scp protocol line over " + MAX_LINE + " bytes");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        private long[] parseTimes(String line) {
            String[] fields = line.substring(1).split(" ");
            try {
                return fields.length == 4 ? new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[2])} : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private BasicFileAttributes attributesIfExists(SecureDirectoryStream<Path> directory, Path name) throws IOException {
            try {
                return directory.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }

    private static String describe(Exception e) {
        int code = Errors.code(e);
        switch (code) {
            case io.sshnetty.sftp.internal.codec.StatusCode.NO_SUCH_FILE: return "No such file or directory";
            case io.sshnetty.sftp.internal.codec.StatusCode.PERMISSION_DENIED: return "Permission denied";
            default: return e.getMessage() == null ? "Failure" : e.getMessage();
        }
    }

    private static String printable(String text) {
        return text.replaceAll("[\\p{Cntrl}]", "?");
    }

    /**
     * A word of the command line after quote removal; {@code globs} marks the characters that were unquoted
     * {@code *}, {@code ?} or {@code [} — pattern characters, where quoted ones stand for themselves.
     */
    record Word(String text, BitSet globs) {
        boolean isPattern() {
            return !globs.isEmpty();
        }

        /** The last path component as a {@link Glob}: the unquoted pattern characters are special. */
        Glob lastComponentPattern() {
            int start = text.lastIndexOf('/') + 1;
            return Glob.compile(text.substring(start), globs.get(start, Math.max(start, text.length())));
        }
    }

    /**
     * The command split into words as a POSIX shell would: blanks separate, quotes and backslashes group,
     * unquoted {@code *?[} are marked as pattern characters. Null for other shell syntax, left to the
     * wrapped handler.
     */
    static List<Word> words(String command) {
        List<Word> words = new ArrayList<>();
        StringBuilder word = null;
        BitSet globs = new BitSet();
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (word != null) {
                    words.add(new Word(word.toString(), globs));
                    word = null;
                    globs = new BitSet();
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < command.length()) {
                    word.append(command.charAt(++i));
                } else if ("*?[".indexOf(c) >= 0) {
                    globs.set(word.length());
                    word.append(c);
                } else if ("|&;<>()$`".indexOf(c) >= 0) {
                    return null; // shell syntax we do not interpret: leave it to the wrapped handler
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            return null;
        }
        if (word != null) {
            words.add(new Word(word.toString(), globs));
        }
        return words;
    }
}
