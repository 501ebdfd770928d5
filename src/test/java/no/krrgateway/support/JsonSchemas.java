// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published JSON Schemas ({@code docs/schemas/*.schema.json}, draft 2020-12) read as a consumer would read them,
 * with relative {@code $ref}s between the files, by networknt's json-schema-validator.
 */
public final class JsonSchemas {

    private static final Path FOLDER = Path.of("docs", "schemas").toAbsolutePath();
    /** Schemas are read from the folder only (the validator fetches nothing remote), by their file: IRIs. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(JsonSchemas::read));
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    private static String read(String iri) {
        Path file = Path.of(java.net.URI.create(iri));
        if (!file.startsWith(FOLDER)) {
            return null;
        }
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code json} by schema {@code file} (e.g. {@code result.schema.json}); empty when valid. */
    public static List<String> problems(String file, JsonNode json) {
        Schema schema = LOADED.computeIfAbsent(file,
                name -> REGISTRY.getSchema(SchemaLocation.of(FOLDER.resolve(name).toUri().toString())));
        return schema.validate(json).stream().map(Object::toString).toList();
    }
}
