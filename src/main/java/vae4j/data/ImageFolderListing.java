package vae4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The picture files of a folder, in a fixed order: {@code root/<class>/**.png|jpg|jpeg} (classes are the
 * sub-folders, sorted by name, searched recursively; files sorted by path) or picture files directly in {@code root}
 * (unlabelled). Hidden sub-folders are passed over; other files are counted as skipped.
 *
 * @param items   the pictures with their label (-1: unlabelled)
 * @param classes the class folder names, label order; empty when unlabelled
 * @param skipped files that are not pictures by their name (and hidden files)
 */
record ImageFolderListing(List<Item> items, List<String> classes, int skipped) {
    /** One picture file and its label (-1 when unlabelled). */
    record Item(Path file, int label) {
    }

    /**
     * Lists {@code root}.
     *
     * @throws DataFormatException pictures beside class folders, a class folder without pictures, or no pictures
     */
    static ImageFolderListing of(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<Path> rootFiles = new ArrayList<>();
        int skipped = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isDirectory(p)) {
                    if (p.getFileName().toString().startsWith(".")) {
                        continue;
                    }
                    dirs.add(p);
                } else if (ImageFolderSource.isImage(p)) {
                    rootFiles.add(p);
                } else {
                    skipped++;
                }
            }
        }
        List<Item> items = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        if (!dirs.isEmpty()) {
            if (!rootFiles.isEmpty()) {
                throw new DataFormatException(root, rootFiles.size() + " images (e.g. " + rootFiles.get(0)
                        .getFileName() + ") lie directly in the folder beside the class folders ("
                        + String.join(", ", dirs.stream().map(d -> d.getFileName().toString()).toList())
                        + "): move them into a class folder");
            }
            for (Path d : dirs) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(d)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                int label = classes.size();
                int before = items.size();
                for (Path f : files) {
                    if (ImageFolderSource.isImage(f)) {
                        items.add(new Item(f, label));
                    } else {
                        skipped++;
                    }
                }
                if (items.size() == before) {
                    throw new DataFormatException(d, "class folder holds no .png, .jpg or .jpeg images");
                }
                classes.add(d.getFileName().toString());
            }
        } else {
            for (Path f : rootFiles) {
                items.add(new Item(f, -1));
            }
        }
        if (items.isEmpty()) {
            throw new DataFormatException(root, "no .png, .jpg or .jpeg images (in the folder or in class"
                    + " sub-folders)");
        }
        return new ImageFolderListing(List.copyOf(items), List.copyOf(classes), skipped);
    }

    /** The labels, one per item; null when unlabelled. */
    int[] labels() {
        return classes.isEmpty() ? null : items.stream().mapToInt(Item::label).toArray();
    }
}
