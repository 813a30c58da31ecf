package onestop.server.adapters.logging;

import onestop.engine.domain.IdNumber;

/**
 * Full ID numbers never reach a log: anything shaped like a GB 11643 number (18 characters, the
 * last a digit or X) is masked to {@code 341002********1237}, whatever code wrote the line.
 */
public final class MaskIdNumbers {
    private MaskIdNumbers() {}

    public static String mask(String text) {
        return IdNumber.maskAll(text);
    }
}
