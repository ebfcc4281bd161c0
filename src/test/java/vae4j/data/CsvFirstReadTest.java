package vae4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one-pass first read: cells are text codes for a column's first {@value CsvSource#MAX_LEVELS} distinct values
 * and numbers after, and both must come out as the same raw values as the file's text says.
 */
class CsvFirstReadTest {
    @TempDir
    Path dir;

    private float[] column(RawTable t, int col) {
        float[] out = new float[t.size()];
        float[] r = new float[t.schema().size()];
        for (int i = 0; i < t.size(); i++) {
            t.rows().read(i, r, 0);
            out[i] = r[col];
        }
        return out;
    }

    @Test
    void numbersBeforeAndAfterTheDistinctTextLimitKeepTheirValues() throws IOException {
        int n = 120_000; // 360,000 cells: more than one 1 MiB block of the in-place rewrite
        StringBuilder sb = new StringBuilder("x,colour,label\n");
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            // the first rows repeat values (text codes), later ones are new numbers each
            String v = i < 1500 ? (i % 40) + "." + (i % 25) : "-" + i + ".125e-1";
            expected[i] = (float) Double.parseDouble(v);
            sb.append(v).append(',').append(i % 3 == 0 ? "red" : i % 3 == 1 ? "blue" : "green").append(',')
                    .append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, sb);
        RawTable t = new CsvSource(dir.resolve("cache")).read(csv, CsvOptions.DEFAULT.withLabel("label"));
        assertThat(t.schema().get(0).kind()).isEqualTo(ColumnKind.NUMERIC);
        assertThat(column(t, 0)).containsExactly(expected);
        assertThat(t.schema().get(1).levels()).containsExactly("blue", "green", "red");
        float[] colour = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            colour[i] = i % 3 == 0 ? 2f : i % 3 == 1 ? 0f : 1f;
            labels[i] = i % 2;
        }
        assertThat(column(t, 1)).containsExactly(colour);
        assertThat(t.labels()).containsExactly(labels);
        assertThat(t.classNames()).containsExactly("even", "odd");
    }

    @Test
    void aBinaryColumnSpelledMoreThanTheLimitWaysStillGetsLevelCodes() throws IOException {
        StringBuilder sb = new StringBuilder("b,x\n");
        int n = 2 * (CsvSource.MAX_LEVELS + 50);
        for (int i = 0; i < n; i++) {
            // 1, 1.0, 1.00, ... and 0 (the ones past the limit of distinct texts are stored as numbers)
            sb.append(i % 2 == 0 ? "1." + "0".repeat(i / 2) : "0").append(',').append(i % 5).append('\n');
        }
        Path csv = dir.resolve("b.csv");
        Files.writeString(csv, sb);
        RawTable t = new CsvSource(dir.resolve("cache")).read(csv, CsvOptions.DEFAULT);
        assertThat(t.schema().get(0).kind()).isEqualTo(ColumnKind.BINARY);
        float[] b = column(t, 0);
        for (int i = 0; i < n; i++) {
            assertThat(b[i]).as("row %d", i).isEqualTo(i % 2 == 0 ? 1f : 0f);
        }
    }

    @Test
    void textAfterManyNumbersIsAnIdentifierErrorAndLeavesNoFilesBehind() throws IOException {
        StringBuilder sb = new StringBuilder("id,x\n");
        for (int i = 0; i < 1200; i++) {
            sb.append(i).append(',').append(i % 3).append('\n');
        }
        sb.append("later,1\n");
        Path csv = dir.resolve("ids.csv");
        Files.writeString(csv, sb);
        CsvSource s = new CsvSource(dir.resolve("cache"));
        assertThatThrownBy(() -> s.read(csv, CsvOptions.DEFAULT))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("column 'id' has more than 1000 distinct text values");
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.toList()).isEmpty();
        }
        RawTable t = s.read(csv, CsvOptions.DEFAULT.withIgnore(Set.of("id")));
        assertThat(t.size()).isEqualTo(1201);
        assertThat(t.schema()).extracting(Column::name).isEqualTo(List.of("x"));
    }

    @Test
    void missingCellsStayNaNBesideCodesAndNumbers() throws IOException {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "a,b\n1.5,u\nNA,v\n2.5,\n3.5,u\n");
        RawTable t = new CsvSource(dir.resolve("cache")).read(csv,
                new CsvOptions(null, Set.of(), Set.of(), CsvOptions.Missing.MEAN));
        assertThat(column(t, 0)).containsExactly(1.5f, Float.NaN, 2.5f, 3.5f);
        assertThat(column(t, 1)).containsExactly(0f, 1f, Float.NaN, 0f);
        assertThat(t.missing()).isEqualTo(2);
    }

    @Test
    void aMissingLabelIsAnErrorEvenInARowWithAMissingFeature() throws IOException {
        Path csv = dir.resolve("l.csv");
        Files.writeString(csv, "a,b,label\n1,u,x\nNA,v,\n2,u,y\n");
        assertThatThrownBy(() -> new CsvSource(dir.resolve("cache")).read(csv,
                new CsvOptions("label", Set.of(), Set.of(), CsvOptions.Missing.MEAN)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("line 3").hasMessageContaining("'label'").hasMessageContaining("missing label");
    }

    @Test
    void errorsFromTheParserThreadComeInFileOrderAndLeaveNoThreadBehind() throws IOException {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int line = 2; line <= 5000; line++) {
            sb.append(line == 2000 ? "NA" : String.valueOf(line % 17)).append(',').append(line % 2 == 0 ? "u" : "v");
            sb.append(line == 3500 ? ",extra\n" : "\n");
        }
        Path csv = dir.resolve("e.csv");
        Files.writeString(csv, sb);
        CsvSource s = new CsvSource(dir.resolve("cache"));
        // the missing value (line 2000) comes before the ragged row (line 3500), blocks of records apart
        assertThatThrownBy(() -> s.read(csv, CsvOptions.DEFAULT))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("line 2000, column 'a'").hasMessageContaining("missing value");
        assertThatThrownBy(() -> s.read(csv, CsvOptions.DEFAULT.withMissing(CsvOptions.Missing.MEAN)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("line 3500 has 3 fields, the header has 2");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("vae4j-csv-parser"));
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
