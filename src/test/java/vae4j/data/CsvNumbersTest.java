package vae4j.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast number parser against the JDK's {@link Double#parseDouble}, bit for bit. */
class CsvNumbersTest {
    @Test
    void sameBitsAsParseDoubleOnManySpellings() {
        Random r = new Random(7);
        List<String> cases = new ArrayList<>(List.of("0", "-0", "+0", "0.0", "-0.0", "00012", "1e22", "1e23",
                "9007199254740993", "9007199254740992", "123456789012345678", "0.1", "0.3", "2.5e-22", "1e-23",
                "4.9e-324", "1.7976931348623157e308", "-12.345e+2", ".5", "5.", "3.0E-5", "1234567890.0987654321",
                "0.000000000000000000000000001"));
        for (int i = 0; i < 200_000; i++) {
            switch (i % 4) {
                case 0 -> cases.add(String.format(Locale.ROOT, "%.4f", r.nextGaussian() * 20));
                case 1 -> cases.add(Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20)));
                case 2 -> cases.add(Long.toString(r.nextLong() >> r.nextInt(64)));
                default -> cases.add((r.nextBoolean() ? "-" : "") + r.nextInt(100000) + "." + r.nextInt(1000000)
                        + (r.nextBoolean() ? "e" + (r.nextInt(60) - 30) : ""));
            }
        }
        for (String s : cases) {
            double expected = Double.parseDouble(s);
            assertThat(Double.doubleToRawLongBits(CsvNumbers.parseNumber(s))).as(s)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    @Test
    void rejectsWhatIsNotADecimal() {
        for (String s : List.of("", "-", "+", ".", "-.", "1e", "1e+", "e5", "1..2", "1.2.3", "--1", "1 ", "NaN",
                "Infinity", "0x10", "1f", "1_000", "1e999", "-1e400")) {
            assertThat(CsvNumbers.parseNumber(s)).as(s).isNaN();
        }
    }
}
