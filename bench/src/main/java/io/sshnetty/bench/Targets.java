package io.sshnetty.bench;

import java.util.Map;

/** The targets as the report writes them, judged on a row's values (by server label). */
public final class Targets {
    private Targets() {
    }

    /** Whether {@code target} is met; null when there is none, it is unknown, or a value it needs is missing. */
    public static Boolean met(String target, Map<String, Double> values) {
        Double ours = values.get(ServerKind.SSHNETTY.label());
        Double mina = values.get(ServerKind.MINA.label());
        Double sshd = values.get(ServerKind.SSHD.label());
        if (target == null || target.isEmpty() || ours == null) {
            return null;
        }
        return switch (target) {
            case "≥ 1.5× MINA" -> mina == null ? null : ours >= 1.5 * mina;
            case "≥ 1.2× MINA" -> mina == null ? null : ours >= 1.2 * mina;
            case "≤ MINA" -> mina == null ? null : ours <= mina;
            case "≤ ½ MINA" -> mina == null ? null : ours <= 0.5 * mina;
            case "≥ MINA and sshd" -> mina == null || sshd == null ? null : ours >= mina && ours >= sshd;
            case "≥ sshd and ≥ 1.5× MINA" -> mina == null || sshd == null ? null : ours >= sshd && ours >= 1.5 * mina;
            case "≤ 16 kB" -> ours <= 16;
            case "100,000" -> ours >= 100_000;
            default -> null;
        };
    }
}
