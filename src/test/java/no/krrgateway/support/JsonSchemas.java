// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
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

    /**
     * What is wrong with {@code json} by the schema an OpenAPI 3.1 document (fetched from {@code documentUri})
     * points to with {@code ref} (e.g. {@code #/components/schemas/problem}); empty when valid. The schemas in the
     * document's {@code components/schemas} are the only ones read: each is found by its {@code $id}, resolved against
     * the document's address, as JSON Schema 2020-12 resolves the relative {@code $ref}s between them.
     */
    public static List<String> problems(JsonNode document, URI documentUri, String ref, JsonNode json) {
        assertThat(ref).as("a schema reference in the OpenAPI document").startsWith("#/components/schemas/");
        Map<String, String> embedded = new java.util.HashMap<>();
        document.path("components").path("schemas").forEach(schema -> {
            if (schema.hasNonNull("$id")) {
                embedded.put(documentUri.resolve(schema.get("$id").asText()).toString(), schema.toString());
            }
        });
        JsonNode target = document.at(ref.substring(1));
        assertThat(target.path("$id").isTextual()).as(ref + " is a schema with its $id").isTrue();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(embedded::get));
        return registry.getSchema(SchemaLocation.of(documentUri.resolve(target.get("$id").asText()).toString()))
                .validate(json).stream().map(Object::toString).toList();
    }
}
