package io.sshnetty.sftp.server;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A shell pattern for one path component (POSIX.1 XCU §2.13.1: {@code *}, {@code ?}, bracket expressions
 * with ranges and {@code !} or {@code ^}), matched without backtracking beyond the last {@code *} seen:
 * at most name length × pattern length steps, so no pattern can make a match run long. Patterns longer
 * than {@link #MAX_LENGTH} are refused.
 */
final class Glob {
    /** Characters of a pattern: a file name is at most 255 bytes, and a pattern need not be longer. */
    static final int MAX_LENGTH = 256;

    private sealed interface Token permits Star, One, Literal, Bracket {
    }

    private record Star() implements Token {
    }

    private record One() implements Token {
    }

    private record Literal(char c) implements Token {
    }

    /** A bracket expression: characters and inclusive ranges, as pairs; {@code negated} for {@code [!…]}. */
    private record Bracket(String ranges, boolean negated) implements Token {
        boolean matches(char c) {
            boolean in = false;
            for (int i = 0; i < ranges.length(); i += 2) {
                if (ranges.charAt(i) <= c && c <= ranges.charAt(i + 1)) {
                    in = true;
                    break;
                }
            }
            return in != negated;
        }
    }

    private final List<Token> tokens;

    private Glob(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * Compiles {@code text}, where the characters set in {@code special} are pattern characters and all
     * others stand for themselves.
     *
     * @throws IllegalArgumentException when the pattern is longer than {@link #MAX_LENGTH}
     */
    static Glob compile(String text, BitSet special) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("pattern longer than " + MAX_LENGTH + " characters");
        }
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!special.get(i)) {
                tokens.add(new Literal(c));
            } else if (c == '*') {
                if (tokens.isEmpty() || !(tokens.get(tokens.size() - 1) instanceof Star)) {
                    tokens.add(new Star());
                }
            } else if (c == '?') {
                tokens.add(new One());
            } else {
                int end = bracketEnd(text, i);
                if (end < 0) {
                    tokens.add(new Literal(c)); // an unclosed [ stands for itself, as in a shell
                } else {
                    tokens.add(bracket(text.substring(i + 1, end)));
                    i = end;
                }
            }
        }
        return new Glob(List.copyOf(tokens));
    }

    /** The index of the ] closing the bracket expression opened at {@code open}, or -1. */
    private static int bracketEnd(String text, int open) {
        int i = open + 1;
        if (i < text.length() && (text.charAt(i) == '!' || text.charAt(i) == '^')) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == ']') {
            i++; // a ] first is a member
        }
        return text.indexOf(']', i);
    }

    private static Bracket bracket(String body) {
        boolean negated = !body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^');
        String members = negated ? body.substring(1) : body;
        StringBuilder ranges = new StringBuilder();
        for (int i = 0; i < members.length(); i++) {
            char from = members.charAt(i);
            char to = from;
            if (i + 2 < members.length() && members.charAt(i + 1) == '-') {
                to = members.charAt(i + 2);
                i += 2;
            }
            ranges.append(from).append(to);
        }
        return new Bracket(ranges.toString(), negated);
    }

    /** Whether the whole of {@code name} matches. */
    boolean matches(String name) {
        int t = 0;
        int n = 0;
        int starToken = -1;
        int starName = 0;
        while (n < name.length()) {
            if (t < tokens.size() && tokens.get(t) instanceof Star) {
                starToken = t++;
                starName = n;
            } else if (t < tokens.size() && matchesOne(tokens.get(t), name.charAt(n))) {
                t++;
                n++;
            } else if (starToken >= 0) {
                // The last * takes one more character; earlier stars never need to give any back.
                t = starToken + 1;
                n = ++starName;
            } else {
                return false;
            }
        }
        while (t < tokens.size() && tokens.get(t) instanceof Star) {
            t++;
        }
        return t == tokens.size();
    }

    private static boolean matchesOne(Token token, char c) {
        if (token instanceof One) {
            return true;
        }
        if (token instanceof Literal) {
            return ((Literal) token).c() == c;
        }
        return token instanceof Bracket && ((Bracket) token).matches(c);
    }
}
