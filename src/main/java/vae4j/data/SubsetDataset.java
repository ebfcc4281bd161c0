package vae4j.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** A view of some examples of another data set, in a given order (a split, a head). */
final class SubsetDataset implements Dataset {
    private final String name;
    private final Dataset base;
    private final int[] rows;
    private final int[] labels;

    SubsetDataset(String name, Dataset base, int[] rows) {
        this.name = name;
        this.base = base;
        this.rows = rows.clone();
        for (int r : this.rows) {
            if (r < 0 || r >= base.size()) {
                throw new IllegalArgumentException(name + ": row " + r + " is outside 0.." + (base.size() - 1));
            }
        }
        int[] all = base.labels();
        if (all == null) {
            labels = null;
        } else {
            labels = new int[this.rows.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = all[this.rows[i]];
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public InputSpec spec() {
        return base.spec();
    }

    @Override
    public void read(int[] which, float[] dst) {
        int[] mapped = new int[which.length];
        for (int i = 0; i < which.length; i++) {
            mapped[i] = rows[which[i]];
        }
        base.read(mapped, dst);
    }

    @Override
    public boolean inMemory() {
        return base.inMemory();
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    /** The base's fingerprint and the row list: a subset is identified by where it comes from and which rows. */
    @Override
    public String fingerprint() {
        MessageDigest md = Hashing.digest();
        md.update(base.fingerprint().getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(4 * Math.min(rows.length, 1 << 16));
        for (int i = 0; i < rows.length; ) {
            b.clear();
            for (; i < rows.length && b.hasRemaining(); i++) {
                b.putInt(rows[i]);
            }
            md.update(b.array(), 0, b.position());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
