package vae4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float32 tensors in the safetensors format (an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data), so that weights can be read by Python's
 * {@code safetensors} as well. Reading is strict: the header must be well formed, every range inside the file and
 * consistent with its shape, and the file exactly as long as announced.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /** One tensor: shape and row-major values. */
    public record Entry(long[] shape, float[] values) {
        public Entry {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " needs " + n
                        + " values, got " + values.length);
            }
        }
    }

    /** Writes the tensors (in map order) atomically to {@code path}. */
    public static void write(Path path, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * e.getValue().values().length;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[8 + padded];
        ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        System.arraycopy(json, 0, head, 8, json.length);
        java.util.Arrays.fill(head, 8 + json.length, head.length, (byte) ' ');
        AtomicFiles.write(path, out -> {
            out.write(head);
            for (Entry e : tensors.values()) {
                ByteBuffer buf = ByteBuffer.allocate(4 * e.values().length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(e.values());
                out.write(buf.array());
            }
        });
    }

    /** Reads every tensor of {@code path}, in file order. */
    public static Map<String, Entry> read(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream raw = Files.newInputStream(path); DataInputStream in = new DataInputStream(
                new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] len = in.readNBytes(8);
            if (len.length < 8) {
                throw new CorruptFileException(path, "too short for a safetensors header (" + size + " bytes)");
            }
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n <= 0 || n > MAX_HEADER || n > size - 8) {
                throw new CorruptFileException(path, "header length " + n + " does not fit a " + size + "-byte file");
            }
            JsonNode header;
            try {
                header = JSON.readTree(new String(in.readNBytes((int) n), StandardCharsets.UTF_8));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CorruptFileException(path, "malformed JSON header (" + e.getOriginalMessage() + ")");
            }
            if (header == null || !header.isObject()) {
                throw new CorruptFileException(path, "header is not a JSON object");
            }
            Map<String, Entry> out = new LinkedHashMap<>();
            long expected = 0;
            for (Map.Entry<String, JsonNode> f : header.properties()) {
                if (f.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(f.getKey(), readEntry(path, f.getKey(), f.getValue(), in, expected, size - 8 - n));
                expected = f.getValue().path("data_offsets").path(1).asLong();
            }
            if (8 + n + expected != size) {
                throw new CorruptFileException(path, "file is " + size + " bytes but its header accounts for "
                        + (8 + n + expected) + " (truncated or padded file)");
            }
            return out;
        }
    }

    private static Entry readEntry(Path path, String name, JsonNode t, DataInputStream in, long expectedStart,
                                   long dataBytes) throws IOException {
        if (!"F32".equals(t.path("dtype").asText())) {
            throw new CorruptFileException(path, "tensor '" + name + "' has dtype " + t.path("dtype")
                    + " (only F32 is supported)");
        }
        JsonNode shapeNode = t.path("shape");
        JsonNode offsets = t.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new CorruptFileException(path, "tensor '" + name + "' lacks a shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new CorruptFileException(path, "tensor '" + name + "' has a negative size " + shapeNode);
            }
            count *= shape[i];
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin != expectedStart || end - begin != 4 * count || end > dataBytes) {
            throw new CorruptFileException(path, "tensor '" + name + "' has data_offsets " + offsets
                    + " inconsistent with shape " + shapeNode + " or with the file's " + dataBytes + " data bytes");
        }
        byte[] bytes = in.readNBytes((int) (end - begin));
        if (bytes.length != end - begin) {
            throw new CorruptFileException(path, "truncated inside tensor '" + name + "'");
        }
        float[] values = new float[(int) count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new Entry(shape, values);
    }
}
