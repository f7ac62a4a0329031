package io.sshnetty.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sshd's AuthenticationMethods: chains, the methods that can continue, satisfaction. */
class AuthenticationPolicyTest {
    private final AuthenticationPolicy twoFactor = AuthenticationPolicy.parse("publickey,keyboard-interactive  publickey,password");

    @Test
    void parsesChainsSeparatedByBlanksAndMethodsByCommas() {
        assertEquals(List.of(List.of("publickey", "keyboard-interactive"), List.of("publickey", "password")), twoFactor.chains());
        assertEquals("publickey,keyboard-interactive publickey,password", twoFactor.toString());
    }

    @Test
    void offersOnlyWhatComesNextInAChainStillPossible() {
        assertEquals(List.of("publickey"), twoFactor.next(List.of()));
        assertEquals(List.of("keyboard-interactive", "password"), twoFactor.next(List.of("publickey")));
        assertEquals(List.of(), twoFactor.next(List.of("password")));
        assertEquals(List.of(), twoFactor.next(List.of("publickey", "password")));
    }

    @Test
    void isSatisfiedOnlyByAWholeChainInOrder() {
        assertFalse(twoFactor.isSatisfiedBy(List.of("publickey")));
        assertTrue(twoFactor.isSatisfiedBy(List.of("publickey", "password")));
        assertFalse(twoFactor.isSatisfiedBy(List.of("password", "publickey")));
    }

    @Test
    void anyOfMakesEachMethodAChainOfOne() {
        AuthenticationPolicy any = AuthenticationPolicy.anyOf(List.of("publickey", "password"));
        assertEquals(List.of("publickey", "password"), any.next(List.of()));
        assertTrue(any.isSatisfiedBy(List.of("password")));
    }

    @Test
    void sameMethodTwiceIsAChainOfTwoSteps() {
        AuthenticationPolicy twoKeys = AuthenticationPolicy.parse("publickey,publickey");
        assertEquals(List.of("publickey"), twoKeys.next(List.of("publickey")));
        assertTrue(twoKeys.isSatisfiedBy(List.of("publickey", "publickey")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "publickey,,password", "publickey,", "any", "keyboard-interactive:pam"})
    void refusesWhatSshdWouldNotStartWith(String text) {
        assertThrows(IllegalArgumentException.class, () -> AuthenticationPolicy.parse(text));
    }
}
