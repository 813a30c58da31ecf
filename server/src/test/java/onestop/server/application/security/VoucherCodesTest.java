package onestop.server.application.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import onestop.engine.domain.ResultCode;
import onestop.server.testing.TickingClock;
import org.junit.jupiter.api.Test;

class VoucherCodesTest {
    static final String ID = "341002195603121237";

    @Test
    void aCodeNamesItsPersonUntilItExpires() {
        TickingClock clock = new TickingClock(Instant.parse("2024-06-10T08:00:00Z"));
        VoucherCodes codes = new VoucherCodes(new byte[32], clock);
        VoucherCodes.Code c = codes.issue(ID);
        assertTrue(c.code().startsWith(VoucherCodes.PREFIX) && c.code().chars().allMatch(ch -> ch > 32 && ch < 127), c.code());
        assertEquals(ID, codes.resolve(c.code()).value().idNumber());
        assertEquals(ID, codes.resolve("  " + c.code() + "\n").value().idNumber(), "a scanner's trailing Enter is ignored");
        assertNotEquals(c.code(), codes.issue(ID).code(), "every code is new");
        clock.advance(java.time.Duration.ofMillis(VoucherCodes.VALID_MILLIS + 1));
        assertEquals(ResultCode.VOUCHER_EXPIRED, codes.resolve(c.code()).rejection().code());
    }

    @Test
    void forgedOrForeignCodesAreInvalid() {
        TickingClock clock = new TickingClock(Instant.parse("2024-06-10T08:00:00Z"));
        VoucherCodes codes = new VoucherCodes(new byte[32], clock);
        String good = codes.issue(ID).code();
        int dot = good.lastIndexOf('.');
        String payload = good.substring(VoucherCodes.PREFIX.length(), dot);
        String otherPerson = new String(java.util.Base64.getUrlDecoder().decode(payload)).replace(ID, "34100219800101004X");
        String forged = VoucherCodes.PREFIX + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(otherPerson.getBytes())
                + good.substring(dot);
        byte[] otherSecret = new byte[32];
        otherSecret[0] = 1;
        for (String bad : new String[] {forged, good.substring(0, good.length() - 2), "", "hello", VoucherCodes.PREFIX + "..",
                new VoucherCodes(otherSecret, clock).issue(ID).code(), good + "x".repeat(600)}) {
            assertEquals(ResultCode.VOUCHER_INVALID, codes.resolve(bad).rejection().code(), bad);
            assertEquals("code", codes.resolve(bad).rejection().field());
        }
        assertEquals(ResultCode.VOUCHER_INVALID, codes.resolve(null).rejection().code());
    }
}
