package io.flytrap.core.settings;

import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Checks for the compact constructors of the {@code *Properties} records. A wrong value fails start-up with the
 * property's name (Spring reports the binding failure with this message), instead of surfacing later as a busy
 * loop, a cache that never keeps anything, or an exception far from its cause.
 */
public final class Settings {

    private Settings() {
    }

    public static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be a positive duration, not " + value);
        }
    }

    /** For a cache lifetime, where zero means "do not keep" (tests that must see every change at once). */
    public static void requireNotNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, not " + value);
        }
    }

    public static void requirePositive(String property, DataSize value) {
        if (value == null || value.toBytes() <= 0) {
            throw new IllegalArgumentException(property + " must be a positive size, not " + value);
        }
    }

    public static void requirePositive(String property, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(property + " must be positive, not " + value);
        }
    }

    public static void requireText(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must be set");
        }
    }
}
