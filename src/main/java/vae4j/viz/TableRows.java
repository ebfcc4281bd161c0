package vae4j.viz;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import vae4j.data.Column;
import vae4j.data.TableSpec;
import vae4j.io.AtomicFiles;

/** Table rows in model space written back as CSV in the data's own terms: numbers unscaled, levels by name. */
public final class TableRows {
    private TableRows() {
    }

    /**
     * Writes {@code n} rows atomically.
     *
     * @param rows   {@code [n, features]} model-space values, row-major
     * @param prefix optional leading columns ({@code prefixHeader} names them, {@code prefix[i]} holds row i's values),
     *               or null
     */
    public static void writeCsv(TableSpec spec, float[] rows, int n, List<String> prefixHeader, List<List<String>> prefix,
                                Path file) throws IOException {
        int f = spec.features();
        if ((long) n * f != rows.length) {
            throw new IllegalArgumentException("expected " + n + " rows of " + f + " values, got " + rows.length);
        }
        List<String> header = new ArrayList<>(prefixHeader == null ? List.of() : prefixHeader);
        for (Column c : spec.columns()) {
            header.add(c.name());
        }
        AtomicFiles.write(file, out -> {
            OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            p.printRecord(header);
            for (int i = 0; i < n; i++) {
                List<String> record = new ArrayList<>(prefix == null ? List.of() : prefix.get(i));
                record.addAll(List.of(spec.decode(rows, i * f)));
                p.printRecord(record);
            }
            p.flush();
        });
    }
}
