package vae4j.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import vae4j.io.AtomicFiles;

/**
 * The on-disk layout of a model folder {@code M} (see {@link ModelDirectory} for the picture): immutable version
 * folders {@code M/.versions/NNNNNN}, the symbolic links {@code M/current} and {@code M/best} that point at one of
 * them, and one relative link {@code M/NAME -> current/NAME} per file of the current version. Every link is switched
 * by creating it under a temporary name ({@code .NAME.tmp-RANDOM}) and renaming it over the old one, which is atomic.
 *
 * <p>Package-private: {@link ModelDirectory} and {@link Checkpointer} are the API. Methods take the folder's real
 * path ({@link #target}).
 */
final class VersionedFolder {
    static final String VERSIONS = ".versions";
    static final String CURRENT = "current";
    static final String BEST = "best";
    static final String LOCK = ".lock";
    /** Marks temporary links (and the temporary names of replaced legacy folders). */
    static final String TMP = ".tmp-";
    /** Version number of an old-format {@code best/} folder moved into {@code .versions} on conversion. */
    static final int LEGACY_BEST = 0;
    /** Top-level names vae4j owns: a plain file of that name is replaced by its link (old-format folders). */
    static final Set<String> OWNED = Set.of(ModelDirectory.CONFIG, ModelDirectory.WEIGHTS, ModelDirectory.HISTORY,
            "loss.png", "optimizer.pt");

    private VersionedFolder() {
    }

    /**
     * The folder a path names: its real path when it exists (a symbolic link to a model folder is followed, never
     * replaced), else the absolute path.
     */
    static Path target(Path dir) throws IOException {
        return Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
    }

    /** True when {@code m} has the versioned layout (a {@code current} link). */
    static boolean versioned(Path m) {
        return Files.exists(m.resolve(CURRENT), LinkOption.NOFOLLOW_LINKS);
    }

    /** The folder to read a model from: the version {@code current} points at, or {@code m} itself (old format). */
    static Path readable(Path m) throws IOException {
        return versioned(m) ? m.resolve(CURRENT).toRealPath() : m;
    }

    /** The version folder a link in {@code m} points at, or null if there is no such link. */
    static Path linked(Path m, String link) throws IOException {
        Path l = m.resolve(link);
        if (!Files.isSymbolicLink(l)) {
            return null;
        }
        return m.resolve(Files.readSymbolicLink(l)).normalize();
    }

    /** The version number of {@code .versions/NNNNNN}, or -1 if the name is not a number. */
    static int number(Path version) {
        if (version == null) {
            return -1;
        }
        String n = version.getFileName().toString();
        return n.matches("[0-9]{1,9}") ? Integer.parseInt(n) : -1;
    }

    /** Every numbered version folder, oldest first. */
    static List<Path> versions(Path m) throws IOException {
        Path dir = m.resolve(VERSIONS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> number(p) >= 0 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparingInt(VersionedFolder::number)).toList();
        }
    }

    private static Path versionPath(Path m, int number) {
        return m.resolve(VERSIONS).resolve(String.format("%06d", number));
    }

    /** Creates an empty version folder numbered after every existing one. */
    static Path createVersion(Path m) throws IOException {
        Files.createDirectories(m.resolve(VERSIONS));
        List<Path> all = versions(m);
        int next = Math.max(LEGACY_BEST, all.isEmpty() ? 0 : number(all.get(all.size() - 1))) + 1;
        Path v = Files.createDirectory(versionPath(m, next));
        AtomicFiles.readableByAll(v, true);
        return v;
    }

    /** Makes the link {@code m/name} point at {@code to} (relative), atomically replacing an earlier link. */
    static void pointTo(Path m, String name, Path to) throws IOException {
        Path tmp = m.resolve("." + name + TMP + UUID.randomUUID());
        try {
            Files.createSymbolicLink(tmp, m.relativize(to));
            AtomicFiles.move(tmp, m.resolve(name));
            AtomicFiles.fsyncDirectory(m);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Makes {@code version} (complete and fsynced) the current one, and the best one if {@code best}; links its files
     * at the top level, and deletes versions no longer needed: everything but the current version, the one current
     * pointed at before (a reader may still be reading it) and the best.
     */
    static void commit(Path m, Path version, boolean best) throws IOException {
        AtomicFiles.fsyncDirectory(m.resolve(VERSIONS));
        Path previous = linked(m, CURRENT);
        pointTo(m, CURRENT, version);
        if (best) {
            pointTo(m, BEST, version);
        }
        linkFiles(m, version);
        Set<Path> keep = new HashSet<>();
        keep.add(version);
        keep.add(previous);
        keep.add(linked(m, BEST));
        for (Path v : versions(m)) {
            if (!keep.contains(v) && number(v) < number(version)) {
                deleteTree(v);
            }
        }
    }

    /**
     * Gives each file of {@code version} a top-level link {@code NAME -> current/NAME}: created where the name is
     * free, replacing a plain file only for the names vae4j owns ({@link #OWNED}). A link to a name the version
     * lacks is removed. Nothing else at the top level is touched.
     */
    static void linkFiles(Path m, Path version) throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<Path> s = Files.list(version)) {
            s.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
        }
        for (String name : names) {
            Path top = m.resolve(name);
            Path want = Path.of(CURRENT, name);
            if (Files.isSymbolicLink(top) && Files.readSymbolicLink(top).equals(want)) {
                continue;
            }
            boolean free = !Files.exists(top, LinkOption.NOFOLLOW_LINKS);
            if (free || (OWNED.contains(name) && Files.isRegularFile(top, LinkOption.NOFOLLOW_LINKS))) {
                Path tmp = m.resolve("." + name + TMP + UUID.randomUUID());
                try {
                    Files.createSymbolicLink(tmp, want);
                    AtomicFiles.move(tmp, top);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(m)) {
            for (Path top : s) {
                if (Files.isSymbolicLink(top) && !names.contains(top.getFileName().toString())
                        && Files.readSymbolicLink(top).equals(Path.of(CURRENT, top.getFileName().toString()))) {
                    Files.delete(top);
                }
            }
        }
        AtomicFiles.fsyncDirectory(m);
    }

    /**
     * Converts an old-format folder (plain files, no {@code current}) in place: its files become a version (hard
     * links where possible, so no space is used and readers of the plain files see the same bytes), {@code current}
     * points at it, an old {@code best/} folder becomes version 0 with {@code best} linking to it, and the plain
     * files are replaced one by one by their links. A crash at any step leaves a loadable folder; the next
     * conversion or {@link #recover} finishes the job. Files vae4j does not own are left alone.
     */
    static void convertLegacy(Path m) throws IOException {
        if (versioned(m) || !Files.isRegularFile(m.resolve(ModelDirectory.CONFIG), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path v = createVersion(m);
        for (String name : OWNED) {
            Path plain = m.resolve(name);
            if (Files.isRegularFile(plain, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createLink(v.resolve(name), plain);
                } catch (IOException | UnsupportedOperationException e) {
                    AtomicFiles.write(v.resolve(name), out -> Files.copy(plain, out));
                }
            }
        }
        AtomicFiles.fsyncDirectory(v);
        adoptLegacyBest(m);
        commit(m, v, false);
    }

    /** Moves an old-format {@code best/} folder to version 0 (one rename) and links {@code best} to it. */
    private static void adoptLegacyBest(Path m) throws IOException {
        Path best = m.resolve(BEST);
        Path v0 = versionPath(m, LEGACY_BEST);
        if (Files.isDirectory(best, LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(best.resolve(ModelDirectory.CONFIG)) && !Files.exists(v0)) {
            AtomicFiles.move(best, v0);
            AtomicFiles.fsyncDirectory(m);
        }
        if (!Files.exists(best, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(v0.resolve(ModelDirectory.CONFIG))) {
            pointTo(m, BEST, v0);
        }
    }

    /**
     * Repairs what a killed save can leave behind; the caller holds the {@link TrainingLock}. Deletes temporary
     * links ({@code .NAME.tmp-*}, symbolic links only) and version folders that are neither current, best nor the newest complete one before current
     * (versions newer than current were being written when the process died, or never became current); finishes
     * an interrupted conversion.
     *
     * @return true if anything was repaired
     */
    static boolean recover(Path m) throws IOException {
        if (!Files.isDirectory(m)) {
            return false;
        }
        boolean repaired = false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(m, "." + "*" + TMP + "*")) {
            for (Path p : s) {
                if (Files.isSymbolicLink(p)) {
                    Files.delete(p);
                    repaired = true;
                }
            }
        }
        if (!versioned(m)) {
            if (!versions(m).isEmpty() && Files.isRegularFile(m.resolve(ModelDirectory.CONFIG))) {
                convertLegacy(m); // a conversion was interrupted before current existed
                return true;
            }
            return repaired;
        }
        adoptLegacyBest(m);
        Path current = linked(m, CURRENT);
        Path best = linked(m, BEST);
        int cur = number(current);
        Path previous = null;
        for (Path v : versions(m)) {
            if (number(v) < cur && !v.equals(best) && Files.isRegularFile(v.resolve(ModelDirectory.CONFIG))) {
                previous = v;
            }
        }
        for (Path v : versions(m)) {
            if (!v.equals(current) && !v.equals(best) && !v.equals(previous)) {
                deleteTree(v);
                repaired = true;
            }
        }
        linkFiles(m, m.resolve(CURRENT).toRealPath());
        return repaired;
    }

    /** Deletes a file, link or folder tree (links are removed, never followed); absent is fine. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(p)) {
            walk.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path q : all) {
            Files.deleteIfExists(q);
        }
    }
}
