package vae4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableRowEncoderTest {
    @TempDir
    Path dir;

    private static final TableSpec SPEC = new TableSpec(List.of(
            Column.numeric("temp", 10, 2),
            Column.coded("rain", List.of("0", "1"), false),
            Column.coded("kind", List.of("fog", "rain", "sun"), true)));

    private static float[] encode(TableRowEncoder enc, String... fields) throws DataFormatException {
        float[] raw = new float[fields.length];
        for (int k = 0; k < fields.length; k++) {
            raw[k] = enc.rawValue(k, fields[k], Path.of("x.csv"), 2);
        }
        float[] out = new float[enc.spec().features()];
        enc.spec().encode(raw, 0, out, 0);
        return out;
    }

    @Test
    void handCheckedRow() throws DataFormatException {
        TableRowEncoder enc = new TableRowEncoder(new TableFit(SPEC, new float[3]), false);
        // (12.5 - 10) / 2 = 1.25; "1" is level 1; "sun" is the third of three levels
        assertThat(encode(enc, "12.5", "1", "sun")).containsExactly(1.25f, 1f, 0f, 0f, 1f);
        // a level that is a number matches another spelling of it, as the CSV reader allows
        assertThat(encode(enc, "9", "1.0", "fog")).containsExactly(-0.5f, 1f, 1f, 0f, 0f);
        assertThat(enc.rawNumber(1, 1.0, Path.of("x"), 0)).isEqualTo(1f);
        assertThat(enc.rawNumber(0, 0.1, Path.of("x"), 0)).isEqualTo((float) 0.1);
    }

    @Test
    void sameValuesAsTheCsvReaderOfNewData() throws IOException {
        Path csv = dir.resolve("new.csv");
        String[][] rows = {{"12.5", "1", "sun"}, {"-3.25e1", "0", "fog"}, {"0.1", "1", "rain"},
                {"123456789.123456789", "0", "sun"}};
        StringBuilder sb = new StringBuilder("id,temp,kind,rain\n");
        for (int i = 0; i < rows.length; i++) {
            sb.append(i).append(',').append(rows[i][0]).append(',').append(rows[i][2]).append(',').append(rows[i][1])
                    .append('\n');
        }
        Files.writeString(csv, sb.toString());
        RowDataset peer = CsvSource.readWithSchema(csv, SPEC, null);
        TableRowEncoder enc = TableRowEncoder.forModel(SPEC, null);
        float[] want = new float[SPEC.features()];
        for (int i = 0; i < rows.length; i++) {
            peer.read(new int[] {i}, want);
            assertThat(encode(enc, rows[i])).containsExactly(want);
        }
    }

    @Test
    void errorsNameTheColumnAndLine() {
        TableRowEncoder enc = new TableRowEncoder(new TableFit(SPEC, new float[3]), false);
        assertThatThrownBy(() -> encode(enc, "12.5", "1", "hail"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("x.csv: line 2, column 'kind': unknown category 'hail' (known: fog, rain, sun)");
        assertThatThrownBy(() -> enc.rawValue(0, "warm", Path.of("in.parquet"), 0))
                .hasMessage("in.parquet: column 'temp': 'warm' is not a number");
        assertThatThrownBy(() -> enc.rawValue(0, null, Path.of("in.parquet"), 0))
                .hasMessage("in.parquet: column 'temp': missing value");
        assertThatThrownBy(() -> enc.rawNumber(1, 2.0, Path.of("in.parquet"), 0))
                .hasMessageContaining("column 'rain': '2.0' is neither of the binary column's values (0, 1)");
    }

    @Test
    void missingValuesAreFilledWhenTheModelWasTrainedWithMissingMean() throws DataFormatException {
        DataRecipe recipe = new DataRecipe(Path.of("train.csv"), new CsvOptions(null, java.util.Set.of(),
                java.util.Set.of(), CsvOptions.Missing.MEAN), null, null, null, new float[] {14f, 1f, 2f});
        TableRowEncoder enc = TableRowEncoder.forModel(SPEC, recipe);
        assertThat(enc.fillsMissing()).isTrue();
        assertThat(encode(enc, "NA", "", "?")).containsExactly(2f, 1f, 0f, 0f, 1f);
        assertThat(enc.rawNumber(0, Double.NaN, Path.of("x"), 0)).isEqualTo(14f);
    }

    @Test
    void labelOrderIsTheCsvReadersOrder() {
        assertThat(TableRowEncoder.labelOrder(List.of("10", "9", "10", "2"))).containsExactly("2", "9", "10");
        assertThat(TableRowEncoder.labelOrder(List.of("sun", "fog", "Rain"))).containsExactly("Rain", "fog", "sun");
    }
}
