package org.zephyrsign.imageset;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The signing record's JSON Schema, as shipped in the plugin, checked by an independent validator. */
public final class SigningRecordSchema {
    private static final Schema SCHEMA = load();

    private SigningRecordSchema() {
    }

    private static Schema load() {
        try (InputStream in = SigningEvidence.class.getResourceAsStream(SigningEvidence.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SigningEvidence.SCHEMA_RESOURCE + " is not on the class path");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with the document; empty when it is a valid signing record. */
    public static List<String> problems(String json) {
        return SCHEMA.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    public static List<String> problems(Path file) {
        try {
            return problems(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
