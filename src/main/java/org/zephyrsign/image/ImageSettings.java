package org.zephyrsign.image;

import org.zephyrsign.crypto.HashAlgorithm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Every {@code imgtool sign} option that shapes the image, validated once. Immutable; made with
 * {@link #builder()}. Signing and encryption keys are not settings: they are passed to
 * {@link ImageBuilder} separately, because they come from signers.
 */
public final class ImageSettings {
    public static final int IMAGE_HEADER_SIZE = 32;
    public static final int DEFAULT_MAX_SECTORS = 128;
    public static final int DEFAULT_MAX_ALIGN = 8;
    private static final Set<Integer> ALIGNS = Set.of(1, 2, 4, 8, 16, 32);
    private static final Set<Integer> MAX_ALIGNS = Set.of(8, 16, 32);

    /** What the key TLV holds: the key's hash (KEYHASH) or the key itself (PUBKEY). */
    public enum PublicKeyFormat { HASH, FULL }

    private final int headerSize;
    private final boolean padHeader;
    private final long slotSize;
    private final int align;
    private final int maxAlign;
    private final ImageVersion version;
    private final Long securityCounter;
    private final List<Dependency> dependencies;
    private final long loadAddress;
    private final Long romFixed;
    private final boolean nonBootable;
    private final List<Tlv> customTlvs;
    private final PublicKeyFormat publicKeyFormat;
    private final Integer sha;
    private final boolean pure;
    private final String bootRecord;
    private final boolean pad;
    private final boolean confirm;
    private final int maxSectors;
    private final boolean overwriteOnly;
    private final int erasedValue;
    private final Endian endian;
    private final boolean padSig;
    private final UUID vendorId;
    private final UUID classId;

    private ImageSettings(Builder b) {
        headerSize = b.headerSize;
        padHeader = b.padHeader;
        slotSize = b.slotSize;
        align = b.align;
        maxAlign = b.maxAlign == null ? Math.max(DEFAULT_MAX_ALIGN, b.align) : b.maxAlign;
        version = b.version;
        securityCounter = b.securityCounterAuto ? Long.valueOf(b.version.autoSecurityCounter()) : b.securityCounter;
        dependencies = List.copyOf(b.dependencies);
        loadAddress = b.loadAddress;
        romFixed = b.romFixed;
        nonBootable = b.nonBootable;
        customTlvs = List.copyOf(b.customTlvs);
        publicKeyFormat = b.publicKeyFormat;
        sha = b.sha;
        pure = b.pure;
        bootRecord = b.bootRecord;
        pad = b.pad || b.confirm;
        confirm = b.confirm;
        maxSectors = b.maxSectors;
        overwriteOnly = b.overwriteOnly;
        erasedValue = b.erasedValue;
        endian = b.endian;
        padSig = b.padSig;
        vendorId = b.vendorId;
        classId = b.classId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings, to derive a variant (e.g. the confirmed image). */
    public static Builder builder(ImageSettings s) {
        Builder b = new Builder();
        b.headerSize = s.headerSize;
        b.padHeader = s.padHeader;
        b.slotSize = s.slotSize;
        b.align = s.align;
        b.maxAlign = s.maxAlign;
        b.version = s.version;
        b.securityCounter = s.securityCounter;
        b.dependencies.addAll(s.dependencies);
        b.loadAddress = s.loadAddress;
        b.romFixed = s.romFixed;
        b.nonBootable = s.nonBootable;
        b.customTlvs.addAll(s.customTlvs);
        b.publicKeyFormat = s.publicKeyFormat;
        b.sha = s.sha;
        b.pure = s.pure;
        b.bootRecord = s.bootRecord;
        b.pad = s.pad;
        b.confirm = s.confirm;
        b.maxSectors = s.maxSectors;
        b.overwriteOnly = s.overwriteOnly;
        b.erasedValue = s.erasedValue;
        b.endian = s.endian;
        b.padSig = s.padSig;
        b.vendorId = s.vendorId;
        b.classId = s.classId;
        return b;
    }

    public int headerSize() { return headerSize; }
    public boolean padHeader() { return padHeader; }
    public long slotSize() { return slotSize; }
    public int align() { return align; }
    public int maxAlign() { return maxAlign; }
    public ImageVersion version() { return version; }
    /** Null when there is no SEC_CNT TLV; {@code -s auto} already resolved from the version. */
    public Long securityCounter() { return securityCounter; }
    public List<Dependency> dependencies() { return dependencies; }
    public long loadAddress() { return loadAddress; }
    public Long romFixed() { return romFixed; }
    public boolean nonBootable() { return nonBootable; }
    public List<Tlv> customTlvs() { return customTlvs; }
    public PublicKeyFormat publicKeyFormat() { return publicKeyFormat; }
    /** Requested hash size in bits, or null for {@code --sha auto}. */
    public Integer sha() { return sha; }
    public boolean pure() { return pure; }
    public String bootRecord() { return bootRecord; }
    /** Pad to the slot size with a trailer ({@code --pad}, also implied by confirm and test). */
    public boolean pad() { return pad; }
    public boolean confirm() { return confirm; }
    public int maxSectors() { return maxSectors; }
    public boolean overwriteOnly() { return overwriteOnly; }
    public int erasedValue() { return erasedValue; }
    public Endian endian() { return endian; }
    public boolean padSig() { return padSig; }
    public UUID vendorId() { return vendorId; }
    public UUID classId() { return classId; }

    /** Builder; {@link #build()} validates with imgtool's rules and names the failing option. */
    public static final class Builder {
        private int headerSize = -1;
        private boolean padHeader;
        private long slotSize = -1;
        private int align = 1;
        private Integer maxAlign;
        private ImageVersion version = ImageVersion.ZERO;
        private Long securityCounter;
        private boolean securityCounterAuto;
        private final List<Dependency> dependencies = new ArrayList<>();
        private long loadAddress;
        private Long romFixed;
        private boolean nonBootable;
        private final List<Tlv> customTlvs = new ArrayList<>();
        private PublicKeyFormat publicKeyFormat = PublicKeyFormat.HASH;
        private Integer sha;
        private boolean pure;
        private String bootRecord;
        private boolean pad;
        private boolean confirm;
        private int maxSectors = DEFAULT_MAX_SECTORS;
        private boolean overwriteOnly;
        private int erasedValue = 0xff;
        private Endian endian = Endian.LITTLE;
        private boolean padSig;
        private UUID vendorId;
        private UUID classId;

        private Builder() {
        }

        public Builder headerSize(int v) { headerSize = v; return this; }
        public Builder padHeader(boolean v) { padHeader = v; return this; }
        public Builder slotSize(long v) { slotSize = v; return this; }
        public Builder align(int v) { align = v; return this; }
        public Builder maxAlign(Integer v) { maxAlign = v; return this; }
        public Builder version(ImageVersion v) { version = v; return this; }
        public Builder loadAddress(long v) { loadAddress = v; return this; }
        public Builder romFixed(Long v) { romFixed = v; return this; }
        public Builder nonBootable(boolean v) { nonBootable = v; return this; }
        public Builder publicKeyFormat(PublicKeyFormat v) { publicKeyFormat = v; return this; }
        public Builder pure(boolean v) { pure = v; return this; }
        public Builder bootRecord(String v) { bootRecord = v; return this; }
        public Builder pad(boolean v) { pad = v; return this; }
        public Builder confirm(boolean v) { confirm = v; return this; }
        public Builder maxSectors(int v) { maxSectors = v; return this; }
        public Builder overwriteOnly(boolean v) { overwriteOnly = v; return this; }
        public Builder endian(Endian v) { endian = v; return this; }
        public Builder padSig(boolean v) { padSig = v; return this; }

        /** {@code --sha}: "auto" (or null) lets the key decide; otherwise 256, 384 or 512. */
        public Builder sha(String v) {
            if (v == null || v.equals("auto")) {
                sha = null;
            } else {
                try {
                    sha = HashAlgorithm.ofBits(Integer.parseInt(v)).bits();
                } catch (NumberFormatException e) {
                    throw new InvalidOptionException(ImageOption.SHA, "'" + v + "' is not one of auto, 256, 384, 512");
                }
            }
            return this;
        }

        /** {@code -s}: a number, or "auto" for major << 24 | minor << 16 | revision. */
        public Builder securityCounter(String v) {
            securityCounterAuto = "auto".equals(v);
            securityCounter = v == null || securityCounterAuto ? null
                    : Numbers.parseUnsigned(ImageOption.SECURITY_COUNTER, v, 0xffffffffL);
            return this;
        }

        public Builder dependencies(List<Dependency> v) {
            dependencies.clear();
            dependencies.addAll(v);
            return this;
        }

        /** {@code -R}: 0 or 0xff, the value the flash reads after erase. */
        public Builder erasedValue(int v) {
            if (v != 0 && v != 0xff) {
                throw new InvalidOptionException(ImageOption.ERASED_VAL, "must be 0 or 0xff, got 0x"
                        + Integer.toHexString(v));
            }
            erasedValue = v;
            return this;
        }

        /**
         * {@code --custom-tlv TAG VALUE}: a value starting with 0x is hex bytes, anything else is
         * taken as a UTF-8 string. Custom TLVs are protected, in the order they are added.
         */
        public Builder customTlv(int tag, byte[] value) {
            if (TlvType.isPredefined(tag)) {
                throw new InvalidOptionException(ImageOption.CUSTOM_TLV,
                        String.format("custom TLV 0x%x conflicts with predefined TLV", tag));
            }
            if (tag < TlvType.VENDOR_MIN || tag > TlvType.VENDOR_MAX) {
                throw new InvalidOptionException(ImageOption.CUSTOM_TLV, String.format(
                        "invalid custom TLV type value '0x%04x', allowed value should be between 0x%04x and 0x%04x",
                        tag, TlvType.VENDOR_MIN, TlvType.VENDOR_MAX));
            }
            for (Tlv t : customTlvs) {
                if (t.type() == tag) {
                    throw new InvalidOptionException(ImageOption.CUSTOM_TLV,
                            String.format("custom TLV 0x%x already exists", tag));
                }
            }
            if (value.length > 0xffff) {
                throw new InvalidOptionException(ImageOption.CUSTOM_TLV,
                        String.format("custom TLV 0x%x value is %d bytes, at most 65535", tag, value.length));
            }
            customTlvs.add(new Tlv(tag, value));
            return this;
        }

        /** {@code --vid}: a UUID, or a name hashed into a UUIDv5 under the DNS namespace. */
        public Builder vendorId(String v) {
            vendorId = v == null ? null : Uuids.fromUuidOrName(Uuids.NAMESPACE_DNS, v);
            return this;
        }

        /** {@code --cid}: a UUID, or a name hashed into a UUIDv5 under the vendor UUID. */
        public Builder classId(String v) {
            if (v != null && vendorId == null && !v.matches("[0-9a-fA-F-]{32,36}")) {
                throw new InvalidOptionException(ImageOption.CID, "a class name needs --vid, its namespace");
            }
            classId = v == null ? null : Uuids.fromUuidOrName(vendorId, v);
            return this;
        }

        public ImageSettings build() {
            if (headerSize < 0) {
                throw new InvalidOptionException(ImageOption.HEADER_SIZE, "is required (Zephyr: CONFIG_ROM_START_OFFSET)");
            }
            if (headerSize < IMAGE_HEADER_SIZE || headerSize > 0xffff) {
                throw new InvalidOptionException(ImageOption.HEADER_SIZE, "minimum value for -H/--header-size is 32"
                        + (headerSize > 0xffff ? ", maximum 0xffff" : "") + "; got " + headerSize);
            }
            if (slotSize <= 0 || slotSize > 0xffffffffL) {
                throw new InvalidOptionException(ImageOption.SLOT_SIZE,
                        "is required: the size of the flash slot the image goes to");
            }
            if (!ALIGNS.contains(align)) {
                throw new InvalidOptionException(ImageOption.ALIGN, "must be one of 1, 2, 4, 8, 16, 32; got " + align);
            }
            if (maxAlign != null && !MAX_ALIGNS.contains(maxAlign)) {
                throw new InvalidOptionException(ImageOption.MAX_ALIGN, "must be one of 8, 16, 32; got " + maxAlign);
            }
            if (maxSectors <= 0) {
                throw new InvalidOptionException(ImageOption.MAX_SECTORS, "must be positive; got " + maxSectors);
            }
            if (loadAddress != 0 && romFixed != null) {
                throw new InvalidOptionException(ImageOption.ROM_FIXED,
                        "can not set rom_fixed and load_addr at the same time");
            }
            if (pure && sha != null) {
                throw new InvalidOptionException(ImageOption.PURE, "pure signatures enforce SHA-512 as the hash;"
                        + " leave --sha out");
            }
            if (bootRecord != null && bootRecord.length() > BootRecord.MAX_SW_TYPE_LENGTH) {
                throw new InvalidOptionException(ImageOption.BOOT_RECORD, "'" + bootRecord + "' is too long ("
                        + bootRecord.length() + " characters) for sw_type. Its maximum allowed length is 12 characters.");
            }
            Set<Integer> unique = new HashSet<>();
            for (Dependency d : dependencies) {
                if (!unique.add(d.imageId())) {
                    throw new InvalidOptionException(ImageOption.DEPENDENCIES, "image " + d.imageId() + " listed twice");
                }
            }
            return new ImageSettings(this);
        }
    }
}
