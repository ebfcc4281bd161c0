package vae4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file (CSV, NumPy, image) that cannot be read as the data it claims to be. The message names the file and,
 * where they apply, the line or row, the column and the problem, e.g.
 * {@code data.csv: line 7, column 'age': 'abc' is not a number}.
 */
public class DataFormatException extends IOException {
    private final Path path;

    public DataFormatException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public DataFormatException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /**
     * {@code FILE: line L, column 'C': problem}; {@code column} may be null; a {@code line} of 0 or less (none known,
     * e.g. a row of a distributed data set) gives {@code FILE: column 'C': problem}.
     */
    public static DataFormatException at(Path path, long line, String column, String problem) {
        String where = (line > 0 ? "line " + line : "") + (column == null ? "" : (line > 0 ? ", " : "") + "column '"
                + column + "'");
        return new DataFormatException(path, (where.isEmpty() ? "" : where + ": ") + problem);
    }

    /** {@code FILE: row R: problem} (rows counted from 0, as NumPy indexes them). */
    public static DataFormatException atRow(Path path, long row, String problem) {
        return new DataFormatException(path, "row " + row + ": " + problem);
    }

    /** The file at fault. */
    public Path path() {
        return path;
    }
}
