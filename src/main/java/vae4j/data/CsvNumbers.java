package vae4j.data;

/**
 * The numbers a CSV field may hold: finite decimals {@code [+-]digits[.digits][(e|E)[+-]digits]}, digits on at least
 * one side of the point; no hexadecimal, no {@code Infinity}, no Java suffixes, no spaces.
 *
 * <p>{@link #parseNumber} gives exactly {@link Double#parseDouble}'s value. Most fields take a fast path (Clinger's):
 * when the digits fit a {@code long} below 2<sup>53</sup> and the decimal exponent is within ±22, both the digits and
 * the power of ten are exact doubles, so one IEEE multiplication or division is correctly rounded; other fields go
 * to {@link Double#parseDouble}.
 */
final class CsvNumbers {
    private static final double[] POWERS = new double[23];
    private static final long EXACT = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private CsvNumbers() {
    }

    /** The value of a finite decimal number, or {@code NaN} for anything else (see the class comment). */
    static double parseNumber(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        boolean exact = true;
        while (i < n && isDigit(s.charAt(i))) {
            if (mantissa < EXACT / 10) {
                mantissa = mantissa * 10 + (s.charAt(i) - '0');
            } else {
                exact = false;
            }
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                if (mantissa < EXACT / 10) {
                    mantissa = mantissa * 10 + (s.charAt(i) - '0');
                    fraction++;
                } else {
                    exact = false;
                }
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (s.charAt(i) - '0');
                }
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != n) {
            return Double.NaN;
        }
        int e = exponent - fraction;
        if (exact && e >= -22 && e <= 22) {
            double m = mantissa;
            double v = e >= 0 ? m * POWERS[e] : m / POWERS[-e];
            return negative ? -v : v;
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : Double.NaN;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
