package vae4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import vae4j.store.ModelDirectory;

/**
 * The one check every command runs on its output paths before it loads a model or reads data: an output must not
 * land on one of the command's inputs, inside a model folder, or onto or inside the data set it reads. Paths are
 * compared after resolving symbolic links (of the file itself where it exists, of its nearest existing folder
 * otherwise), so {@code ./m/../m/weights.safetensors} or a link to the model folder is caught too.
 *
 * <p>A refusal is an {@link IllegalArgumentException} (exit code 2) naming the path and the reason.
 */
final class OutputGuard {

    private OutputGuard() {
    }

    /** One input of a command: a file or folder, and what it is (for the message). */
    record Input(String what, Path path) {
        Input {
            Objects.requireNonNull(what, "what");
        }
    }

    /** Inputs, skipping nulls. */
    static List<Input> inputs(Input... all) {
        List<Input> list = new ArrayList<>();
        for (Input i : all) {
            if (i != null && i.path() != null) {
                list.add(i);
            }
        }
        return list;
    }

    /** Refuses an empty or blank path given to {@code option}. */
    static Path nonBlank(String option, Path p) {
        if (p != null && p.toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give a file or folder name");
        }
        return p;
    }

    /**
     * Checks an output <em>file</em> (a CSV, PNG or JSON the command writes): refused if it is blank, an existing
     * folder, one of {@code inputs} or inside one of them, or inside any model folder.
     */
    static void file(String option, Path out, List<Input> inputs) {
        nonBlank(option, out);
        if (out == null) {
            return;
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + " is a folder; give a file name");
        }
        notInputs(option, out, inputs);
        Path model = enclosingModelFolder(out);
        if (model != null) {
            throw new IllegalArgumentException(option + " " + out + " is inside the model folder " + model
                    + "; refusing to write into a model (choose a path outside it)");
        }
    }

    /**
     * Checks the target of {@code train --out}: refused if blank, an existing file, inside a model folder, onto or
     * inside an input (the data), an existing folder with other things in it that is not a vae4j model, or a vae4j
     * model unless {@code overwrite}.
     */
    static void trainingTarget(Path out, List<Input> inputs, boolean overwrite) {
        nonBlank("--out", out);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is an existing file, not a folder; give a new"
                    + " folder name for the model");
        }
        notInputs("--out", out, inputs);
        Path parent = real(out).getParent();
        Path model = parent == null ? null : enclosingModelFolder(parent);
        if (model != null) {
            throw new IllegalArgumentException("--out " + out + " is inside the model folder " + model
                    + "; refusing to write a model into another model");
        }
        if (isModelFolder(out)) {
            if (!overwrite) {
                throw new IllegalArgumentException("--out " + out + " already holds a trained vae4j model; continue"
                        + " it with --resume " + out + ", or pass --overwrite to replace it with a new run");
            }
        } else {
            ModelDirectory.checkWritableTarget(out);
        }
    }

    /**
     * Checks the folder {@code demo --out} writes its pictures and {@code model/} into: refused if blank, an existing
     * file, a model folder or inside one, or onto or inside an input.
     */
    static void demoFolder(Path out, List<Input> inputs) {
        nonBlank("--out", out);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is an existing file, not a folder");
        }
        notInputs("--out", out, inputs);
        Path model = enclosingModelFolder(out);
        if (model != null) {
            throw new IllegalArgumentException("--out " + out + (model.equals(real(out)) ? " is" : " is inside")
                    + " the model folder " + model + "; the demo would overwrite its files (choose another folder)");
        }
        Path modelDir = out.resolve("model");
        if (Files.exists(modelDir) && !isModelFolder(modelDir)) {
            throw new IllegalArgumentException(modelDir + " exists and is not a vae4j model; the demo writes its"
                    + " model there (choose another --out folder)");
        }
    }

    private static void notInputs(String option, Path out, List<Input> inputs) {
        Path o = real(out);
        for (Input in : inputs) {
            Path i = real(in.path());
            if (o.equals(i)) {
                throw new IllegalArgumentException(option + " " + out + " is " + in.what() + " (" + in.path()
                        + "); refusing to overwrite an input");
            }
            if (o.startsWith(i)) {
                throw new IllegalArgumentException(option + " " + out + " is inside " + in.what() + " ("
                        + in.path() + "); refusing to write into an input");
            }
        }
    }

    /**
     * The path with every symbolic link resolved: the real path of the longest existing prefix, with the rest
     * appended (the file need not exist yet).
     */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            Path base = existing.toRealPath();
            return base.resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    /** The nearest folder, {@code p} itself or one of its ancestors, that is a model folder; null if none. */
    static Path enclosingModelFolder(Path p) {
        for (Path a = real(p); a != null; a = a.getParent()) {
            if (isModelFolder(a)) {
                return a;
            }
        }
        for (Path a = p.toAbsolutePath().normalize(); a != null; a = a.getParent()) {
            if (isModelFolder(a)) {
                return a;
            }
        }
        return null;
    }

    /** True if {@code dir} is a vae4j model folder (see {@link ModelDirectory#isModelFolder}). */
    static boolean isModelFolder(Path dir) {
        return ModelDirectory.isModelFolder(dir);
    }

}
