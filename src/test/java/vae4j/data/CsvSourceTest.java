package vae4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CsvSourceTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private CsvSource source() {
        return new CsvSource(dir.resolve("cache"));
    }

    private static float[] raw(RawTable t, int row) {
        float[] r = new float[t.schema().size()];
        t.rows().read(row, r, 0);
        return r;
    }

    @Test
    void quotedFieldsWithCommasNewlinesAndDoubledQuotes() throws IOException {
        Path csv = write("q.csv", "x,text\n1,\"a, b\"\n2,\"line one\nline two\"\n3,\"say \"\"hi\"\"\"\n4,\"a, b\"\n");
        RawTable t = source().read(csv, CsvOptions.DEFAULT);
        assertThat(t.size()).isEqualTo(4);
        Column text = t.schema().get(1);
        assertThat(text.kind()).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(text.levels()).containsExactly("a, b", "line one\nline two", "say \"hi\"");
        assertThat(raw(t, 1)).containsExactly(2f, 1f);
        assertThat(raw(t, 2)).containsExactly(3f, 2f);
        assertThat(raw(t, 3)).containsExactly(4f, 0f);
    }

    @Test
    void infersNumericBinaryAndCategoricalColumns() throws IOException {
        Path csv = write("t.csv", "age,smoker,flag,colour,code\n"
                + "30,yes,0,red,7\n41.5,no,1,green,8\n-2e1,yes,1,blue,7\n");
        RawTable t = source().read(csv, CsvOptions.DEFAULT);
        assertThat(t.schema()).extracting(Column::kind).containsExactly(ColumnKind.NUMERIC, ColumnKind.BINARY,
                ColumnKind.BINARY, ColumnKind.CATEGORICAL, ColumnKind.BINARY);
        assertThat(t.schema().get(1).levels()).containsExactly("no", "yes");
        assertThat(t.schema().get(2).levels()).containsExactly("0", "1");
        assertThat(t.schema().get(3).levels()).containsExactly("blue", "green", "red");
        assertThat(t.schema().get(4).levels()).containsExactly("7", "8");
        assertThat(raw(t, 0)).containsExactly(30f, 1f, 0f, 2f, 0f);
        assertThat(raw(t, 2)).containsExactly(-20f, 1f, 1f, 0f, 0f);
        assertThat(t.labels()).isNull();
    }

    @Test
    void categoricalOverrideIgnoreAndLabelColumn() throws IOException {
        Path csv = write("t.csv", "id,zip,v,species\n1,10,0.5,setosa\n2,9,1.5,virginica\n3,100,2.5,setosa\n"
                + "4,9,3.5,versicolor\n");
        CsvOptions o = new CsvOptions("species", Set.of("zip"), Set.of("id"), CsvOptions.Missing.ERROR);
        RawTable t = source().read(csv, o);
        assertThat(t.schema()).extracting(Column::name).containsExactly("zip", "v");
        Column zip = t.schema().get(0);
        assertThat(zip.kind()).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(zip.levels()).containsExactly("9", "10", "100");
        assertThat(t.schema().get(1).kind()).isEqualTo(ColumnKind.NUMERIC);
        assertThat(t.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(t.labels()).containsExactly(0, 2, 0, 1);
        assertThat(raw(t, 2)).containsExactly(2f, 2.5f);
    }

    @Test
    void unknownOptionColumnsAreNamed() throws IOException {
        Path csv = write("t.csv", "a,b\n1,2\n3,4\n");
        assertThatThrownBy(() -> source().read(csv, CsvOptions.DEFAULT.withLabel("c")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("no column 'c'")
                .hasMessageContaining("a, b");
    }

    @Test
    void raggedRowNamesTheLine() throws IOException {
        Path csv = write("r.csv", "a,b,c\n1,2,3\n4,5\n");
        assertThatThrownBy(() -> source().read(csv, CsvOptions.DEFAULT)).isInstanceOf(DataFormatException.class)
                .hasMessage(csv + ": line 3 has 2 fields, the header has 3");
    }

    @Test
    void lineNumbersCountLineBreaksInsideQuotes() throws IOException {
        Path csv = write("r.csv", "a,b\n1,\"x\ny\"\n2,z,extra\n");
        assertThatThrownBy(() -> source().read(csv, CsvOptions.DEFAULT))
                .hasMessage(csv + ": line 4 has 3 fields, the header has 2");
    }

    @Test
    void blankLinesAreSkippedAndStillCounted() throws IOException {
        Path csv = write("b.csv", "\na,b\n1,2\n\n\n3,4\n4,5,6\n");
        assertThatThrownBy(() -> source().read(csv, CsvOptions.DEFAULT))
                .hasMessage(csv + ": line 7 has 3 fields, the header has 2");
        Path ok = write("ok.csv", "a,b\n1,2\n\n3,4\n5,4\n\n");
        assertThat(source().read(ok, CsvOptions.DEFAULT).size()).isEqualTo(3);
    }

    @Test
    void emptyFileHeaderOnlyAndDuplicateNamesAreErrors() throws IOException {
        Path empty = write("e.csv", "");
        assertThatThrownBy(() -> source().read(empty, CsvOptions.DEFAULT)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("e.csv: empty file");
        Path header = write("h.csv", "a,b\n");
        assertThatThrownBy(() -> source().read(header, CsvOptions.DEFAULT)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("h.csv: no data rows after the header");
        Path dup = write("d.csv", "a,b,a\n1,2,3\n");
        assertThatThrownBy(() -> source().read(dup, CsvOptions.DEFAULT)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("column 'a' appears twice in the header (columns 1 and 3)");
    }

    @Test
    void unterminatedQuoteIsAFormatError() throws IOException {
        Path csv = write("u.csv", "a,b\n1,\"open\n2,3\n");
        assertThatThrownBy(() -> source().read(csv, CsvOptions.DEFAULT)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(csv + ": line");
    }

    @Test
    void byteOrderMarkIsStrippedFromTheFirstHeader() throws IOException {
        Path csv = write("bom.csv", "\uFEFFweight,size\n1,2\n3,4\n5,6\n");
        RawTable t = source().read(csv, CsvOptions.DEFAULT.withLabel("weight"));
        assertThat(t.schema()).extracting(Column::name).containsExactly("size");
        assertThat(t.classNames()).containsExactly("1", "3", "5");
    }

    @Test
    void singleValueAndIdentifierColumnsAskForIgnore() throws IOException {
        Path csv = write("s.csv", "a,b\nx,1\nx,2\nx,3\n");
        assertThatThrownBy(() -> source().read(csv, CsvOptions.DEFAULT))
                .hasMessageContaining("column 'a' has a single value 'x'").hasMessageContaining("--ignore a");
        StringBuilder sb = new StringBuilder("name,v\n");
        for (int i = 0; i <= CsvSource.MAX_LEVELS; i++) {
            sb.append("n").append(i).append(',').append(i).append('\n');
        }
        Path ids = write("ids.csv", sb.toString());
        assertThatThrownBy(() -> source().read(ids, CsvOptions.DEFAULT))
                .hasMessageContaining("column 'name' has more than 1000 distinct text values");
        assertThat(source().read(ids, CsvOptions.DEFAULT.withIgnore(Set.of("name"))).size()).isEqualTo(1001);
    }

    @Test
    void missingValueIsAnErrorByDefault() throws IOException {
        Path csv = write("m.csv", "a,b\n1,x\n2,y\nNA,x\n");
        assertThatThrownBy(() -> source().read(csv, CsvOptions.DEFAULT)).isInstanceOf(DataFormatException.class)
                .hasMessage(csv + ": line 4, column 'a': missing value (use --missing mean or --missing drop)");
        Path q = write("q.csv", "a,b\n1,x\n2,?\n3,y\n");
        assertThatThrownBy(() -> source().read(q, CsvOptions.DEFAULT))
                .hasMessage(q + ": line 3, column 'b': missing value (use --missing mean or --missing drop)");
    }

    @Test
    void missingMeanFillsWithTrainingMeanAndMostFrequentLevel() throws IOException {
        Path csv = write("m.csv", "a,b\n1,x\n,y\n5,y\nNaN,\n3,z\n");
        RawTable t = source().read(csv, CsvOptions.DEFAULT.withMissing(CsvOptions.Missing.MEAN));
        assertThat(t.missing()).isEqualTo(3);
        assertThat(raw(t, 1)[0]).isNaN();
        TableFit fit = t.fit(new int[] {0, 1, 2, 3});
        // training rows 0..3: a = 1, 5 (mean 3); b = x, y, y (mode y, code 1)
        assertThat(fit.fill()).containsExactly(3f, 1f);
        Dataset d = t.dataset(fit);
        float[] out = new float[d.spec().features() * 2];
        d.read(new int[] {1, 3}, out);
        // a: (3 - 3) / 2 = 0; b one-hot over x, y, z
        assertThat(out).containsExactly(0f, 0f, 1f, 0f, 0f, 0f, 1f, 0f);
    }

    @Test
    void missingDropDropsRowsAndCountsThem() throws IOException {
        Path csv = write("m.csv", "a,b,lab\n1,x,p\n,y,q\n5,y,\n4,?,p\n3,y,q\n");
        RawTable t = source().read(csv, new CsvOptions("lab", null, null, CsvOptions.Missing.DROP));
        assertThat(t.dropped()).isEqualTo(3);
        assertThat(t.size()).isEqualTo(2);
        // what is left of 'a' (1, 3) has two values: binary, codes 0 and 1
        assertThat(t.schema().get(0).levels()).containsExactly("1", "3");
        assertThat(raw(t, 0)).containsExactly(0f, 0f);
        assertThat(raw(t, 1)).containsExactly(1f, 1f);
        assertThat(t.labels()).containsExactly(0, 1);
    }

    @Test
    void gzippedCsvIsRead() throws IOException {
        Path gz = dir.resolve("t.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("a,b\n1,u\n2,v\n3,v\n".getBytes(StandardCharsets.UTF_8));
        }
        RawTable t = source().read(gz, CsvOptions.DEFAULT);
        assertThat(t.size()).isEqualTo(3);
        assertThat(raw(t, 1)).containsExactly(2f, 1f);
    }

    @Test
    void cacheIsReusedWithoutParsingAndRebuiltWhenTheFileChanges() throws IOException {
        Path csv = write("c.csv", "a,b\n1,u\n2,v\n4,u\n");
        CsvSource s = source();
        RawTable first = s.read(csv, CsvOptions.DEFAULT);
        assertThat(first.cached()).isFalse();
        assertThat(s.parses()).isEqualTo(2);
        RawTable second = s.read(csv, CsvOptions.DEFAULT);
        assertThat(second.cached()).isTrue();
        assertThat(s.parses()).isEqualTo(2);
        assertThat(raw(second, 2)).containsExactly(4f, 0f);
        assertThat(second.schema()).isEqualTo(first.schema());
        // other options: another key
        s.read(csv, CsvOptions.DEFAULT.withCategorical(Set.of("a")));
        assertThat(s.parses()).isEqualTo(4);
        // same size, new mtime: rebuilt
        Files.writeString(csv, "a,b\n1,u\n2,v\n8,u\n");
        Files.setLastModifiedTime(csv, FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() + 5000));
        RawTable third = s.read(csv, CsvOptions.DEFAULT);
        assertThat(s.parses()).isEqualTo(6);
        assertThat(raw(third, 2)).containsExactly(8f, 0f);
        try (var files = Files.list(dir.resolve("cache"))) {
            // two caches remain: the new version of c.csv (the old one was removed) and the one with other options
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .noneMatch(n -> n.endsWith(".tmp")).filteredOn(n -> n.endsWith(".json")).hasSize(2);
        }
    }

    @Test
    void largeRowsFilesStayOnDisk() throws IOException {
        Path csv = write("c.csv", "a,b\n1,u\n2,v\n4,u\n");
        RawTable t = new CsvSource(dir.resolve("cache"), 0).read(csv, CsvOptions.DEFAULT);
        assertThat(t.rows()).isInstanceOf(FileRows.class);
        assertThat(raw(t, 1)).containsExactly(2f, 1f);
        t.close();
    }

    @Test
    void fitComputesMeanAndPopulationStdOnTrainingRowsOnly() throws IOException {
        Path csv = write("f.csv", "x,c\n2,a\n4,b\n4,c\n4,a\n5,b\n5,c\n7,a\n9,b\n100,c\n");
        RawTable t = source().read(csv, CsvOptions.DEFAULT);
        TableFit fit = t.fit(new int[] {0, 1, 2, 3, 4, 5, 6, 7}); // 2,4,4,4,5,5,7,9: mean 5, std 2
        Column x = fit.spec().columns().get(0);
        assertThat(x.mean()).isCloseTo(5.0, within(1e-9));
        assertThat(x.std()).isCloseTo(2.0, within(1e-9));
        // encode row 8 by hand: x = (100 - 5) / 2 = 47.5; c = one-hot of 'c' (levels a, b, c)
        Dataset d = t.dataset(fit);
        float[] out = new float[4];
        d.read(new int[] {8}, out);
        assertThat(out).containsExactly(47.5f, 0f, 0f, 1f);
    }

    @Test
    void constantNumericColumnGetsUnitStd() throws IOException {
        Path csv = write("k.csv", "x,y\n3,1\n3,2\n3,5\n");
        TableFit fit = source().read(csv, CsvOptions.DEFAULT).fit(new int[] {0, 1, 2});
        assertThat(fit.spec().columns().get(0).std()).isEqualTo(1.0);
        assertThat(fit.spec().columns().get(0).mean()).isEqualTo(3.0);
    }

    @Test
    void schemaBoundReadingMatchesColumnsByNameAndChecksValues() throws IOException {
        Path train = write("train.csv", "n,col,yes,label\n1,a,y,p\n3,b,n,q\n5,c,y,p\n");
        RawTable t = source().read(train, CsvOptions.DEFAULT.withLabel("label"));
        TableFit fit = t.fit(TableFit.allRows(t.size()));
        TableSpec spec = fit.spec();

        Path ok = write("new.csv", "extra,yes,col,n,label\nzz,n,c,3,q\n");
        RowDataset d = CsvSource.readWithSchema(ok, fit, "label", t.classNames());
        float[] out = new float[spec.features()];
        d.read(new int[] {0}, out);
        // n: (3 - 3) / std; col one-hot c; yes = n -> 0
        assertThat(out).containsExactly(0f, 0f, 0f, 1f, 0f);
        assertThat(d.labels()).containsExactly(1);

        Path noLabel = write("nolabel.csv", "n,col,yes\n1,a,y\n");
        assertThat(CsvSource.readWithSchema(noLabel, spec, "label").labels()).isNull();

        Path notNumber = write("bad1.csv", "n,col,yes\n1,a,y\nabc,a,y\n");
        assertThatThrownBy(() -> CsvSource.readWithSchema(notNumber, spec, null))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(notNumber + ": line 3, column 'n': 'abc' is not a number");
        Path unknown = write("bad2.csv", "n,col,yes\n1,x,y\n");
        assertThatThrownBy(() -> CsvSource.readWithSchema(unknown, spec, null))
                .hasMessage(unknown + ": line 2, column 'col': unknown category 'x' (known: a, b, c)");
        Path badBinary = write("bad3.csv", "n,col,yes\n1,a,maybe\n");
        assertThatThrownBy(() -> CsvSource.readWithSchema(badBinary, spec, null))
                .hasMessageContaining("line 2, column 'yes': 'maybe' is neither of the binary column's values (n, y)");
        Path missingColumn = write("bad4.csv", "n,yes\n1,y\n");
        assertThatThrownBy(() -> CsvSource.readWithSchema(missingColumn, spec, null))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("no column 'col'");
        Path missingValue = write("bad5.csv", "n,col,yes\n,a,y\n");
        assertThatThrownBy(() -> CsvSource.readWithSchema(missingValue, spec, null))
                .hasMessage(missingValue + ": line 2, column 'n': missing value");
        Path hexNumber = write("bad6.csv", "n,col,yes\n0x10,a,y\n");
        assertThatThrownBy(() -> CsvSource.readWithSchema(hexNumber, spec, null))
                .hasMessageContaining("'0x10' is not a number");
        Path unknownLabel = write("bad7.csv", "n,col,yes,label\n1,a,y,r\n");
        assertThatThrownBy(() -> CsvSource.readWithSchema(unknownLabel, fit, "label", t.classNames()))
                .hasMessageContaining("unknown label 'r' (known: p, q)");
    }

    @Test
    void windowsLineEndingsAndSpacesAroundFields() throws IOException {
        Path csv = write("w.csv", "a, b\r\n1, x\r\n2 ,y\r\n3,z\r\n");
        RawTable t = source().read(csv, CsvOptions.DEFAULT);
        assertThat(t.schema()).extracting(Column::name).containsExactly("a", "b");
        assertThat(t.schema().get(1).levels()).containsExactly("x", "y", "z");
        assertThat(raw(t, 1)).containsExactly(2f, 1f);
    }

    @Test
    void otherSeparatorsAreNamed() throws IOException {
        Path csv = write("semi.csv", "a;b\n1;2\n");
        assertThatThrownBy(() -> source().read(csv, CsvOptions.DEFAULT))
                .hasMessageContaining("seems to separate fields with ';'");
    }

    @Test
    void fitAndSplitRoundTripThroughJson() throws IOException {
        Path csv = write("j.csv", "x,c\n1,a\n2,b\n6,c\n");
        TableFit fit = source().read(csv, CsvOptions.DEFAULT).fit(new int[] {0, 1, 2});
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String text = json.writeValueAsString(fit);
        assertThat(json.readValue(text, TableFit.class)).isEqualTo(fit);
        SplitSpec split = new SplitSpec(5, 0.2, 100);
        assertThat(json.readValue(json.writeValueAsString(split), SplitSpec.class)).isEqualTo(split);
    }

    @Test
    void strictNumbers() {
        assertThat(CsvNumbers.parseNumber("1.5e3")).isEqualTo(1500.0);
        assertThat(CsvNumbers.parseNumber("-.5")).isEqualTo(-0.5);
        assertThat(CsvNumbers.parseNumber("7.")).isEqualTo(7.0);
        for (String s : List.of("", ".", "1e", "Infinity", "1d", "0x1p3", "1,5", " 1", "1e999", "e5")) {
            assertThat(CsvNumbers.parseNumber(s)).as(s).isNaN();
        }
    }
}
