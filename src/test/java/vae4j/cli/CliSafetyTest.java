package vae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vae4j.data.ImageDataset;
import vae4j.testing.TestData;

/**
 * The command line's guards against data loss and bad UX, on synthetic data: outputs that would overwrite an input,
 * land in a model folder or in the data are refused before anything is loaded; --help on every command; train --out
 * onto unusable targets; idempotent resume; size caps; one-line errors; stale temporaries swept.
 */
class CliSafetyTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path model;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Random 28x28 grey images with labels 0..9. */
    static ImageDataset synthetic(String name, int n, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 28 * 28];
        r.nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return new ImageDataset(name, 1, 28, 28, px, labels, List.of());
    }

    /** A small, fast training command line; sizes given in {@code more} replace the small defaults. */
    static String[] trainArgs(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--preset", "pytorch-mlp",
                "--epochs", "1", "--out", out.toString()));
        List<String> extra = Arrays.asList(more);
        for (String[] d : new String[][] {{"--hidden", "16"}, {"--latent-dim", "2"}, {"--batch-size", "16"}}) {
            if (!extra.contains(d[0])) {
                a.addAll(List.of(d));
            }
        }
        a.addAll(extra);
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void dataAndModel() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        TestData.writeIdx(synthetic("train", 64, 1), 64, data, "train");
        TestData.writeIdx(synthetic("test", 32, 2), 32, data, "t10k");
        model = tmp.resolve("model");
        CliRun r = run(trainArgs(model));
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** SHA-256 of every file under {@code root}, by relative path. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    m.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance(
                            "SHA-256").digest(Files.readAllBytes(p))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return m;
    }

    private static void refused(CliRun r, String... expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("vae4j: error: ").contains(expected).doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void outputsOntoInputsModelsOrDataAreRefusedAndLeaveThemUnchanged() throws IOException {
        Path link = tmp.resolve("link-to-model");
        Files.createSymbolicLink(link, model);
        String m = model.toString();
        String d = data.toString();
        String[][] cases = {
            {"encode", "--model", m, "--data", d, "--out", d + "/t10k-images-idx3-ubyte.gz"},
            {"encode", "--model", m, "--out", m + "/weights.safetensors"},
            {"encode", "--model", m, "--out", d + "/z.csv"}, // the model's recorded data folder
            {"generate", "--model", m, "--out", m + "/weights.safetensors"},
            {"generate", "--model", m, "--out", m + "/new-file.png"},
            {"generate", "--model", m, "--out", link + "/weights.safetensors"},
            {"generate", "--model", m, "--out", m + "/../model/./config.json"},
            {"reconstruct", "--model", m, "--data", d, "--out", d + "/train-images-idx3-ubyte.gz"},
            {"reconstruct", "--model", m, "--out", m + "/loss.png"},
            {"plot", "latent", "--model", m, "--out", m + "/best/weights.safetensors"},
            {"plot", "latent", "--model", m, "--data", d, "--out", d + "/latent.png"},
            {"plot", "manifold", "--model", m, "--out", m + "/loss.png"},
            {"evaluate", "--model", m, "--k", "2", "--out", m + "/history.jsonl"},
            {"demo", "--data", d, "--epochs", "1", "--out", m},
            {"demo", "--data", d, "--epochs", "1", "--out", m + "/best"},
            {"demo", "--data", d, "--epochs", "1", "--out", d},
            {"train", "--data", d, "--out", d},
            {"train", "--data", d, "--out", m + "/best"},
        };
        Map<String, String> modelBefore = snapshot(model);
        Map<String, String> dataBefore = snapshot(data);
        for (String[] c : cases) {
            CliRun r = run(c);
            String out = c[c.length - 1];
            refused(r, out);
            assertThat(r.err()).as(String.join(" ", c)).containsAnyOf("model folder", "data folder");
        }
        assertThat(snapshot(model)).isEqualTo(modelBefore);
        assertThat(snapshot(data)).isEqualTo(dataBefore);
        assertThat(data).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".png"));
    }

    @Test
    void aVersionedModelFolderWithACurrentLinkIsAModelFolderToo() throws IOException {
        Path versioned = Files.createDirectories(tmp.resolve("versioned"));
        Files.createDirectories(versioned.resolve("v1"));
        Files.createSymbolicLink(versioned.resolve("current"), Path.of("v1"));
        Path target = versioned.resolve("samples.png");
        refused(run("generate", "--model", model.toString(), "--out", target.toString()), target.toString(),
                "inside the model folder");
        refused(run("train", "--data", tmp.resolve("no-such-data").toString(), "--out", versioned.toString()),
                "already holds a trained vae4j model");
        assertThat(target).doesNotExist();
    }

    @Test
    void theGuardRunsBeforeTheModelIsLoaded() throws IOException {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        for (String f : List.of("config.json", "weights.safetensors")) {
            Files.copy(model.resolve(f), broken.resolve(f));
        }
        Files.write(broken.resolve("weights.safetensors"), new byte[] {1, 2, 3});
        // loading would fail with exit 4; the guard must answer first, with exit 2
        refused(run("generate", "--model", broken.toString(), "--out", broken.resolve("x.png").toString()),
                "inside the model folder");
        assertThat(run("generate", "--model", broken.toString(), "--out", tmp.resolve("x.png").toString()).code())
                .isEqualTo(ExitCodes.IO);
    }

    @Test
    void everyCommandAnswersHelpAndShortH() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p)).contains("train", "summary", "evaluate", "encode",
                "plot", "plot latent", "plot manifold", "generate", "reconstruct", "demo");
        for (List<String> p : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(p);
                args.add(flag);
                CliRun r = run(args.toArray(String[]::new));
                assertThat(r.code()).as(args + ": " + r.err()).isZero();
                assertThat(r.out()).as(args.toString()).startsWith("Usage: vae4j " + String.join(" ", p));
                assertThat(r.err()).as(args.toString()).isEmpty();
            }
        }
        CliRun v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("vae4j ");
        assertThat(run("-V").out()).isEqualTo(v.out());
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> into) {
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            into.add(p);
            collect(e.getValue(), p, into);
        }
    }

    @Test
    void trainRefusesAnExistingModelBeforeReadingDataAndOverwriteReplacesIt() throws IOException {
        Path m2 = tmp.resolve("model2");
        assertThat(run(trainArgs(m2)).code()).isZero();
        Map<String, String> before = snapshot(m2);
        CliRun r = run("train", "--data", tmp.resolve("no-such-data").toString(), "--out", m2.toString());
        refused(r, m2.toString(), "already holds a trained vae4j model", "--resume " + m2, "--overwrite");
        assertThat(r.err()).doesNotContain("no-such-data");
        assertThat(snapshot(m2)).isEqualTo(before);

        CliRun o = run(trainArgs(m2, "--overwrite", "--seed", "7"));
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(snapshot(m2).get("weights.safetensors")).isNotEqualTo(before.get("weights.safetensors"));
        assertThat(m2.resolve("config.json")).content().contains("\"seed\" : 7");
    }

    @Test
    void trainRefusesAFileOrAFolderThatIsNotAModelBeforeReadingData() throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "keep me");
        Path folder = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(folder.resolve("cat.jpg"), "meow");
        String nowhere = tmp.resolve("no-such-data").toString();
        refused(run("train", "--data", nowhere, "--out", file.toString()), file.toString(), "is an existing file");
        refused(run("train", "--data", nowhere, "--out", folder.toString()), folder.toString(),
                "exists and is not a vae4j model folder");
        // an empty folder is a fine target (the model's versions go inside it): the run gets as far as the data
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun r = run("train", "--data", nowhere, "--out", empty.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DATA);
        assertThat(r.err()).contains("no-such-data: no such file or folder");
        assertThat(empty).isEmptyDirectory();
        refused(run("train", "--data", nowhere, "--out", folder.toString(), "--overwrite"), "not a vae4j model");
        assertThat(file).hasContent("keep me");
        assertThat(folder).isDirectoryContaining(p -> p.getFileName().toString().equals("cat.jpg"));
        assertThat(Files.list(folder).count()).isEqualTo(1);
        refused(run("train", "--data", data.toString(), "--out", data.resolve("t10k-labels-idx1-ubyte.gz")
                .toString()), "is an existing file");
    }

    @Test
    void resumingAFinishedRunExitsZeroAndSaysSo() throws IOException {
        Map<String, String> before = snapshot(model);
        CliRun r = run("train", "--resume", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(model + " has finished its 1 epochs; nothing to do (pass --epochs M > 1 to"
                + " train further)");
        assertThat(snapshot(model)).isEqualTo(before);
    }

    @Test
    void absurdSizesAreRefusedInOneLineBeforeAllocating() {
        Path out = tmp.resolve("huge");
        CliRun r = run(trainArgs(out, "--hidden", "2147483647"));
        refused(r, "--hidden sizes must be between 1 and 65536, got 2147483647");
        assertThat(r.err()).doesNotContain("c10::", "frame #");
        refused(run(trainArgs(out, "--batch-size", "1000000")), "--batch-size must be between 1 and 65536");
        refused(run(trainArgs(out, "--latent-dim", "100000")), "--latent-dim must be between 1 and 4096");

        // three 65536-wide layers each way: ~8.6e9 parameters, ~128 GiB with gradients and Adam's moments
        CliRun big = run(trainArgs(out, "--hidden", "65536,65536,65536"));
        refused(big, "this model needs about ", " GiB ", "parameters x 16 bytes", "is available");
        assertThat(out).doesNotExist();
    }

    @Test
    void nativeOutOfMemoryIsOneLineWithItsOwnExitCode() {
        RuntimeException e = new RuntimeException("[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator:"
                + " not enough memory: you tried to allocate 6400000000000 bytes.\nframe #0: c10::ThrowEnforceNotMet"
                + "(char const*, int)\nframe #1: <unknown function>");
        assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.OUT_OF_MEMORY);
        assertThat(ExitCodes.message(e)).startsWith("out of memory: DefaultCPUAllocator: not enough memory: you"
                + " tried to allocate 6400000000000 bytes.").doesNotContain("\n", "frame #", "c10::");
        assertThat(ExitCodes.of(new RuntimeException("std::bad_alloc"))).isEqualTo(ExitCodes.OUT_OF_MEMORY);
        assertThat(ExitCodes.of(new OutOfMemoryError("Java heap space"))).isEqualTo(ExitCodes.OUT_OF_MEMORY);

        RuntimeException other = new RuntimeException("mat1 and mat2 shapes cannot be multiplied\nException raised"
                + " from ...\nframe #0: c10::Error::Error");
        assertThat(ExitCodes.message(other)).contains("mat1 and mat2 shapes").doesNotContain("\n", "frame #");
        StringWriter quiet = new StringWriter();
        ExitCodes.print(other, new PrintWriter(quiet), false);
        assertThat(quiet.toString().strip().lines()).hasSize(1);
        StringWriter verbose = new StringWriter();
        ExitCodes.print(other, new PrintWriter(verbose), true);
        assertThat(verbose.toString()).contains("frame #0");
    }

    @Test
    void emptyOutputPathsAreUsageErrors() {
        refused(run("encode", "--model", model.toString(), "--out", ""), "--out is empty");
        refused(run("generate", "--model", model.toString(), "--out", " "), "--out is empty");
        refused(run("train", "--data", data.toString(), "--out", ""), "--out is empty");
        refused(run("demo", "--data", data.toString(), "--out", ""), "--out is empty");
    }

    @Test
    void summaryOfAFileSaysItIsAFileNotAModelFolder() {
        CliRun r = run("summary", "--model", model.resolve("config.json").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("config.json is a file, not a model folder").doesNotContain("not found");
    }

    @Test
    void staleTemporariesBesideAnOutputAreSweptWhenItIsWritten() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sweep"));
        Path stale = Files.writeString(dir.resolve(".x.csv.1234567890.tmp"), "half a file");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path fresh = Files.writeString(dir.resolve(".x.csv.987654321.tmp"), "being written right now");
        Path other = Files.writeString(dir.resolve(".y.csv.1234567890.tmp"), "another output's");
        Files.setLastModifiedTime(other, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        CliRun r = run("encode", "--model", model.toString(), "--out", dir.resolve("x.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("x.csv")).isRegularFile();
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
    }
}
