package org.zephyrsign.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/** The vendor and class UUIDs of imgtool's {@code --vid}/{@code --cid}: names become UUIDv5. */
public final class Uuids {
    public static final UUID NAMESPACE_DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DASHED = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    /** Whether the text is a UUID written out (32 hex digits, dashed or not) rather than a name. */
    public static boolean isUuid(String value) {
        return HEX32.matcher(value).matches() || DASHED.matcher(value).matches();
    }

    /** A UUID given literally (32 hex digits or dashed) is taken as is; anything else is a name. */
    public static UUID fromUuidOrName(UUID namespace, String value) {
        if (HEX32.matcher(value).matches()) {
            return new UUID(Long.parseUnsignedLong(value.substring(0, 16), 16),
                    Long.parseUnsignedLong(value.substring(16), 16));
        }
        if (DASHED.matcher(value).matches()) {
            return UUID.fromString(value);
        }
        return nameBased(namespace, value);
    }

    /** RFC 4122 version 5: SHA-1 over the namespace and the UTF-8 name. */
    public static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha1.update(bytes(namespace));
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }

    public static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
