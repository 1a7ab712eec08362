package org.zephyrsign.image;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The image options of one image, parsed and checked against each other once. Immutable. Values are
 * read with {@link #get}; each remembers the {@link OptionSource} it came from, so a problem found
 * later (the image does not fit the slot) names the option the way its author wrote it.
 *
 * <p>Made with {@link #builder(OptionSource)}: raw strings arrive in layers (a Zephyr build's
 * values, then the POM's), a later layer replacing an option an earlier one set, except repeatable
 * options, which accumulate.
 */
public final class ImageSettings {
    /** The max-align whose trailer magic is MCUboot's original one. */
    public static final int DEFAULT_MAX_ALIGN = 8;

    private final Map<ImageOption<?>, Object> values;
    private final Map<ImageOption<?>, OptionSource> sources;
    private final OptionSource naming;

    private ImageSettings(Map<ImageOption<?>, Object> values, Map<ImageOption<?>, OptionSource> sources,
            OptionSource naming) {
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
        this.naming = naming;
    }

    /**
     * @param naming how the front end names options nobody set (in messages that suggest one)
     */
    public static Builder builder(OptionSource naming) {
        return new Builder(naming);
    }

    /** The value, else what the options that imply it say, else its default (null when it has none). */
    @SuppressWarnings("unchecked")
    public <T> T get(ImageOption<T> option) {
        Object v = values.get(option);
        if (v == null && option == ImageOption.MAX_ALIGN) {
            return (T) Integer.valueOf(Math.max(DEFAULT_MAX_ALIGN, get(ImageOption.ALIGN)));
        }
        if (v == null && !option.impliedBy().isEmpty()) {
            for (ImageOption<Boolean> by : option.impliedBy()) {
                if (get(by)) {
                    return (T) Boolean.TRUE;
                }
            }
        }
        return v != null ? (T) v : option.defaultValue();
    }

    /** Whether the option was given (by any layer), as opposed to defaulted. */
    public boolean isSet(ImageOption<?> option) {
        return values.containsKey(option);
    }

    /** The security counter to write, resolved against the version; null when there is no SEC_CNT TLV. */
    public Long securityCounter() {
        SecurityCounter sc = get(ImageOption.SECURITY_COUNTER);
        return sc == null ? null : sc.resolve(get(ImageOption.VERSION));
    }

    /** The class UUID: given literally, or a name hashed under the vendor UUID. */
    public UUID classId() {
        String cid = get(ImageOption.CLASS_ID);
        return cid == null ? null : Uuids.fromUuidOrName(get(ImageOption.VENDOR_ID), cid);
    }

    /** Custom TLVs in imgtool's order: those with a value, then those from files. */
    public List<CustomTlv> customTlvs() {
        List<CustomTlv> all = new ArrayList<>(get(ImageOption.CUSTOM_TLV));
        all.addAll(get(ImageOption.CUSTOM_TLV_FILE));
        return all;
    }

    /** The option as whoever set it names it, or as the front end does when nobody did. */
    public String name(ImageOption<?> option) {
        return source(option).name(option);
    }

    /** A problem with the image these settings describe, reported against {@code option}. */
    public InvalidOptionException invalid(ImageOption<?> option, String problem) {
        return new InvalidOptionException(option, name(option), problem);
    }

    /** These settings with one value changed (a variant such as the confirmed image), checked again. */
    public <T> ImageSettings with(ImageOption<T> option, T value, OptionSource source) {
        Builder b = new Builder(naming);
        b.values.putAll(values);
        b.sources.putAll(sources);
        if (value == null) {
            b.values.remove(option);
        } else {
            b.values.put(option, value);
        }
        b.sources.put(option, source);
        return b.build();
    }

    /** Whoever set the option, or the front end when nobody did. */
    public OptionSource source(ImageOption<?> option) {
        return sources.getOrDefault(option, naming);
    }

    /** Collects raw option values in layers; {@link #build()} checks them against each other. */
    public static final class Builder {
        private final OptionSource naming;
        private final Map<ImageOption<?>, Object> values = new LinkedHashMap<>();
        private final Map<ImageOption<?>, OptionSource> sources = new LinkedHashMap<>();

        private Builder(OptionSource naming) {
            this.naming = naming;
        }

        /**
         * Sets an option from the strings its source wrote: for a flag none (present) or
         * "true"/"false", else {@link ImageOption#arity()} strings. A repeatable option adds an
         * occurrence; any other replaces what an earlier layer set.
         */
        public Builder set(ImageOption<?> option, OptionSource source, List<String> raw) {
            Object parsed = option.parseOccurrence(raw, source);
            if (option.repeatable()) {
                @SuppressWarnings("unchecked")
                List<Object> list = new ArrayList<>((List<Object>) values.getOrDefault(option, List.of()));
                list.add(parsed);
                values.put(option, List.copyOf(list));
            } else {
                values.put(option, parsed);
            }
            sources.put(option, source);
            return this;
        }

        /** {@link #set(ImageOption, OptionSource, List)} with this builder's naming, for code and tests. */
        public Builder set(ImageOption<?> option, String... raw) {
            return set(option, naming, List.of(raw));
        }

        /** Whether a layer so far set this option. */
        public boolean isSet(ImageOption<?> option) {
            return values.containsKey(option);
        }

        public ImageSettings build() {
            for (ImageOption<?> o : ImageOption.all()) {
                if (o.required() && !values.containsKey(o)) {
                    throw new InvalidOptionException(o, naming.name(o), "is required");
                }
            }
            ImageSettings s = new ImageSettings(values, sources, naming);
            if (ImageBuilder.nonZero(s.get(ImageOption.LOAD_ADDR)) && ImageBuilder.nonZero(s.get(ImageOption.ROM_FIXED))) {
                throw s.invalid(ImageOption.ROM_FIXED, "can not set rom_fixed and load_addr at the same time");
            }
            if (s.get(ImageOption.PURE) && s.get(ImageOption.SHA) != null) {
                throw s.invalid(ImageOption.PURE, "pure signatures enforce SHA-512 as the hash; leave "
                        + s.name(ImageOption.SHA) + " out");
            }
            if (s.get(ImageOption.CLASS_ID) != null && s.get(ImageOption.VENDOR_ID) == null
                    && !Uuids.isUuid(s.get(ImageOption.CLASS_ID))) {
                throw s.invalid(ImageOption.CLASS_ID, "a class name needs " + s.name(ImageOption.VENDOR_ID)
                        + ", its namespace");
            }
            Set<Integer> tags = new HashSet<>();
            for (CustomTlv t : s.customTlvs()) {
                if (!tags.add(t.tag())) {
                    throw s.invalid(ImageOption.CUSTOM_TLV, String.format("custom TLV 0x%x already exists", t.tag()));
                }
            }
            return s;
        }
    }
}
