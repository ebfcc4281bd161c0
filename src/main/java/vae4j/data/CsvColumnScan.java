package vae4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One column of a CSV during its single reading pass: it learns the column's type and turns every field into a
 * provisional 32-bit cell, to be made final ({@link #finalCells}) once the type is known.
 *
 * <p>A field is first looked up among the column's distinct texts (kept, in order of appearance, while there are at
 * most {@value CsvSource#MAX_LEVELS} of them); its cell is then the text's code, tagged ({@link #isCode}). Each new
 * text is checked once for being a number, and the first three distinct numbers are remembered (two make a binary
 * column). Past that many texts the column can only be numeric (or an error): a field's cell is then its float32
 * value. A missing field is {@link #MISSING}. Numbers are never NaN, so the three kinds of cell do not collide.
 *
 * <p><b>Typing</b>: every present value a number: numeric, unless exactly two distinct numbers (binary, levels in
 * numeric order); otherwise two texts binary, more categorical (levels sorted, {@link CsvLevels#sorted}); forced
 * categorical columns are categorical; no value, a single value or too many texts are errors asking for
 * {@code --ignore}.
 */
final class CsvColumnScan {
    /** The cell of a missing value: float NaN. */
    static final int MISSING = Float.floatToIntBits(Float.NaN);
    private static final int CODE_TAG = 0x7FE00000;
    private static final int CODE_MASK = 0xFFE00000;

    final String name;
    private final boolean forced;
    private boolean numeric = true;
    private long present;
    private final double[] numbers = new double[3];
    private final String[] numberText = new String[3];
    private int distinctNumbers;
    private Map<String, Integer> codes = new HashMap<>();
    private final List<String> texts = new ArrayList<>();
    private boolean overflow;

    /** @param forced a column named categorical by the user (or the label) */
    CsvColumnScan(String name, boolean forced) {
        this.name = name;
        this.forced = forced;
    }

    /** The provisional cell of a present (not missing) field. */
    int add(String v) {
        present++;
        if (!overflow) {
            Integer code = codes.get(v);
            if (code == null) {
                code = texts.size();
                texts.add(v);
                codes.put(v, code);
                if (numeric) {
                    number(v);
                }
                if (texts.size() > CsvSource.MAX_LEVELS) {
                    overflow = true;
                    codes = null;
                }
            }
            return CODE_TAG | code;
        }
        if (numeric) {
            double d = number(v);
            if (numeric) {
                return Float.floatToRawIntBits((float) d);
            }
        }
        return MISSING; // the column is not numeric and has too many texts: type() fails
    }

    /** Checks a value for being a number, remembering the first three distinct ones. */
    private double number(String v) {
        double d = CsvNumbers.parseNumber(v);
        if (Double.isNaN(d)) {
            numeric = false;
        } else if (distinctNumbers < 3) {
            for (int i = 0; i < distinctNumbers; i++) {
                if (numbers[i] == d) {
                    return d;
                }
            }
            numbers[distinctNumbers] = d;
            numberText[distinctNumbers++] = v;
        }
        return d;
    }

    static boolean isCode(int cell) {
        return (cell & CODE_MASK) == CODE_TAG;
    }

    static int code(int cell) {
        return cell & ~CODE_MASK;
    }

    /** The column's type (see the class comment). */
    Column type(Path csv) throws DataFormatException {
        if (present == 0) {
            throw new DataFormatException(csv, "column '" + name + "' has no values (use --ignore " + name + ")");
        }
        if (numeric && !forced) {
            if (distinctNumbers == 2) {
                int lo = numbers[0] < numbers[1] ? 0 : 1;
                return Column.coded(name, List.of(numberText[lo], numberText[1 - lo]), false);
            }
            return Column.numeric(name, 0, 1);
        }
        if (overflow) {
            throw new DataFormatException(csv, "column '" + name + "' has more than " + CsvSource.MAX_LEVELS
                    + " distinct text values (an identifier? use --ignore " + name + ")");
        }
        if (texts.size() < 2) {
            throw new DataFormatException(csv, "column '" + name + "' has a single value '" + texts.get(0)
                    + "': nothing to model (use --ignore " + name + ")");
        }
        List<String> levels = CsvLevels.sorted(texts);
        return Column.coded(name, levels, forced || levels.size() > 2);
    }

    /** The label's classes, sorted; an error when there are too many. */
    List<String> classNames(Path csv) throws DataFormatException {
        if (overflow) {
            throw new DataFormatException(csv, "the label column '" + name + "' has more than "
                    + CsvSource.MAX_LEVELS + " distinct values; labels name classes");
        }
        return CsvLevels.sorted(texts);
    }

    /**
     * For each text code, the final cell of the column typed {@code c}: the float32 bits of the number, or of the
     * level's code.
     */
    int[] finalCells(Path csv, Column c) throws DataFormatException {
        Map<String, Integer> levels = c.kind() == ColumnKind.NUMERIC ? null : CsvLevels.codes(c.levels());
        int[] cells = new int[texts.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Float.floatToRawIntBits(CsvLevels.rawValue(csv, 0, c, levels, texts.get(i)));
        }
        return cells;
    }

    /**
     * For a binary column of numbers, the lower one as a float32, else NaN. Cells hold numbers rather than text
     * codes only past {@value CsvSource#MAX_LEVELS} distinct texts, which a binary column reaches only with as many
     * spellings of its two numbers ({@code 1}, {@code 1.0}, {@code 01}, ...): such a cell is the lower level when
     * its float32 equals this, else the higher.
     */
    float lowNumber(Column c) {
        if (c.kind() == ColumnKind.NUMERIC || !numeric || distinctNumbers != 2) {
            return Float.NaN;
        }
        return (float) Math.min(numbers[0], numbers[1]);
    }

    /** For each text code, its position in {@code sorted} (the label's classes). */
    int[] finalCodes(List<String> sorted) {
        Map<String, Integer> at = CsvLevels.codes(sorted);
        int[] out = new int[texts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = at.get(texts.get(i));
        }
        return out;
    }
}
