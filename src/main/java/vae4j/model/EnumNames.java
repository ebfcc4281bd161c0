package vae4j.model;

import java.util.Arrays;
import java.util.Locale;

/** The lower-case names under which enum settings appear in configs and on the command line. */
public final class EnumNames {
    private EnumNames() {
    }

    /** {@code GLOROT -> glorot}. */
    public static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant named {@code s} (case-insensitive, surrounding blanks ignored).
     *
     * @param what what the value is, for the message: {@code likelihood}
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String s, String what) {
        for (E e : type.getEnumConstants()) {
            if (id(e).equalsIgnoreCase(s.trim())) {
                return e;
            }
        }
        String[] ids = Arrays.stream(type.getEnumConstants()).map(EnumNames::id).toArray(String[]::new);
        String choices = ids.length == 1 ? ids[0] : String.join(", ", Arrays.copyOf(ids, ids.length - 1)) + " or "
                + ids[ids.length - 1];
        throw new IllegalArgumentException("unknown " + what + " '" + s + "' (expected " + choices + ")");
    }
}
