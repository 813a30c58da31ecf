package onestop.engine.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.Random;
import onestop.engine.domain.money.FenMicros;
import onestop.engine.domain.money.Money;
import onestop.engine.domain.money.Rate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({"12,1200", "12.5,1250", "12.50,1250", "0,0", "0.01,1", "1000000000.00,100000000000", "007.10,710"})
    void parsesAmounts(String text, long fen) {
        assertEquals(Optional.of(fen), Money.parseFen(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1.00", "+1", "1e3", "12,000", " 12", "12 ", "12.", ".5", "12.345", "1000000000.01",
            "99999999999", "１２", "12.5x", "NaN", "0x10"})
    void refusesWhatIsNotAnAmount(String text) {
        assertEquals(Optional.empty(), Money.parseFen(text));
    }

    @Test
    void formatsWithTwoDecimals() {
        assertEquals("0.00", Money.format(0));
        assertEquals("0.05", Money.format(5));
        assertEquals("123.45", Money.format(12345));
        assertEquals("-1.20", Money.format(-120));
        assertEquals("1000000000.00", Money.format(Money.MAX_AMOUNT_FEN));
    }

    @ParameterizedTest
    @CsvSource({"0.7,700000", "0.70,700000", "1,1000000", "1.00,1000000", "0,0", "0.123456,123456", "0.05,50000"})
    void parsesRates(String text, long micros) {
        assertEquals(Optional.of(new Rate(micros)), Rate.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.01", "2", "-0.1", "0.1234567", ".5", "0.", "70%", "", "1.000001"})
    void refusesRatesOutsideZeroToOne(String text) {
        assertEquals(Optional.empty(), Rate.parse(text));
    }

    @Test
    void roundsHalfUpOnce() {
        assertEquals(68009, FenMicros.roundedProduct(80010, Rate.parse("0.85").orElseThrow())); // 680.085 -> 680.09
        assertEquals(1, FenMicros.roundedProduct(1, Rate.parse("0.5").orElseThrow()));        // 0.005 -> 0.01
        assertEquals(0, FenMicros.roundedProduct(1, Rate.parse("0.499999").orElseThrow()));
        // a sum of products is rounded once, not per term: 0.4 + 0.4 fen -> 1 fen
        FenMicros sum = new FenMicros().add(1, Rate.parse("0.4").orElseThrow()).add(1, Rate.parse("0.4").orElseThrow());
        assertEquals(1, sum.roundHalfUp());
    }

    @Test
    void productsAgreeWithBigDecimalEvenForHugeAmounts() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long fen = i % 2 == 0 ? random.nextLong(Money.MAX_AMOUNT_FEN) : random.nextLong(Long.MAX_VALUE / 2_000_000);
            Rate rate = new Rate(random.nextLong(Rate.ONE_MICROS + 1));
            long expected = BigDecimal.valueOf(fen).multiply(BigDecimal.valueOf(rate.micros(), 6))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
            assertEquals(expected, FenMicros.roundedProduct(fen, rate), fen + " × " + rate);
        }
        assertTrue(Rate.ONE.plusCapped(Rate.parse("0.05").orElseThrow()).equals(Rate.ONE));
    }
}
