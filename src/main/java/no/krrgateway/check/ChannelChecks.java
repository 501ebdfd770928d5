// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.channel.file.FileChannelProperties;
import no.krrgateway.channel.file.FilePermissions;
import no.krrgateway.channel.kafka.KafkaClusterProbe;
import no.krrgateway.channel.kafka.KafkaTopics;
import org.apache.kafka.common.KafkaException;
import org.springframework.core.env.PropertyResolver;

final class ChannelChecks {

    private static final String API_ISSUER = "api token issuer";
    private static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    private static final String JWK_SET = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

    private ChannelChecks() {
    }

    /** The gateway's topics exist (or are created at start), and the requests topic has a partition per consumer. */
    static List<CheckLine> topics(KafkaClusterProbe probe, Map<String, String> byProperty, int consumers,
                                  String brokers, boolean created) {
        Map<String, Integer> found;
        try {
            found = KafkaTopics.partitions(probe, byProperty.values());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(CheckLine.fail("kafka", "interrupted"));
        } catch (ExecutionException | TimeoutException | KafkaException e) { // KafkaException: a name not resolving
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return List.of(CheckLine.fail("kafka", "the broker at " + brokers + " did not answer ("
                    + cause.getClass().getSimpleName() + "): check camel.component.kafka.brokers and the "
                    + "camel.component.kafka security settings"));
        }
        List<CheckLine> lines = new ArrayList<>();
        for (var entry : byProperty.entrySet()) {
            String topic = entry.getValue();
            String name = "topic " + topic;
            Integer partitions = found.get(topic);
            if (partitions == null && created) {
                lines.add(CheckLine.ok(name, "does not exist yet; the gateway creates it at start "
                        + "(gateway.kafka.create-topics)"));
            } else if (partitions == null) {
                lines.add(CheckLine.fail(name, "does not exist: create it (deploy/kafka/create-topics.sh), let the "
                        + "gateway create it (gateway.kafka.create-topics=true), or correct " + entry.getKey()));
            } else if (entry.getKey().equals("gateway.topics.requests") && partitions < consumers) {
                lines.add(CheckLine.fail(name, partitions + " partitions for " + consumers + " consumers "
                        + "(gateway.kafka.consumers): consumers beyond the partitions sit idle; add partitions, "
                        + "at least consumers x instances"));
            } else {
                lines.add(CheckLine.ok(name, "exists, " + partitions + " partitions"));
            }
        }
        return lines;
    }

    /** The folders must share one file system with {@code .done}: inputs move by renaming. */
    static List<CheckLine> folders(FileChannelProperties files) {
        List<CheckLine> lines = new ArrayList<>();
        FileStore done = null;
        FilePermissions permissions = new FilePermissions(files.permissions().group());
        for (var entry : List.of(Map.entry("inbox", files.inbox()), Map.entry("outbox", files.outbox()),
                Map.entry("error", files.error()))) {
            String property = "gateway.files." + entry.getKey();
            Path folder = entry.getValue().toAbsolutePath().normalize();
            String name = "folder " + entry.getKey();
            try {
                if (Files.exists(folder) && !Files.isDirectory(folder)) {
                    lines.add(CheckLine.fail(name, folder + " is not a folder: point " + property + " at a folder"));
                    continue;
                }
                permissions.folder(folder);
                Files.delete(Files.createTempFile(folder, ".krr-gateway-check", ".tmp"));
                FileStore store = Files.getFileStore(folder);
                if (entry.getKey().equals("inbox")) {
                    done = Files.getFileStore(permissions.folder(folder.resolve(".done")));
                }
                if (done != null && !store.equals(done)) {
                    lines.add(CheckLine.fail(name, folder + " is on another file system (" + store.name() + ") than "
                            + "the inbox's .done (" + done.name() + "): inputs are moved by renaming; put " + property
                            + " on the inbox's file system"));
                } else {
                    lines.add(CheckLine.ok(name, folder + " is writable, on the file system of the inbox's .done"));
                }
            } catch (IOException | SecurityException e) {
                lines.add(CheckLine.fail(name, folder + " is not writable for this user (" + e.getClass()
                        .getSimpleName() + "): give the gateway's user write access, or point " + property
                        + " elsewhere"));
            }
        }
        return lines;
    }

    /** The token issuer's metadata and key set, asked as Spring Security's resource server will ask them. */
    static CheckLine apiIssuer(ApiProperties api, JsonGet get, PropertyResolver environment) {
        if (!api.enabled() || api.auth() == ApiProperties.Auth.NONE) {
            return !api.enabled() ? CheckLine.skip(API_ISSUER, "the HTTP API is off (gateway.api.enabled)")
                    : CheckLine.skip(API_ISSUER, "gateway.api.auth=none: tokens are not checked");
        }
        String issuerUri = environment.getProperty(ISSUER, "").trim();
        String jwkSetUri = environment.getProperty(JWK_SET, "").trim();
        if (!jwkSetUri.isEmpty()) {
            return keySet(get, URI.create(jwkSetUri), JWK_SET);
        }
        if (issuerUri.isEmpty()) {
            return CheckLine.fail(API_ISSUER, "gateway.api.enabled with gateway.api.auth=jwt needs " + ISSUER + " or "
                    + JWK_SET);
        }
        String base = issuerUri.endsWith("/") ? issuerUri.substring(0, issuerUri.length() - 1) : issuerUri;
        JsonGet.Answer metadata = get.get(URI.create(base + "/.well-known/openid-configuration"));
        if (metadata.problem() != null) {
            metadata = get.get(URI.create(base + "/.well-known/oauth-authorization-server"));
        }
        if (metadata.problem() != null) {
            return CheckLine.fail(API_ISSUER, metadata.problem() + " (nor its openid-configuration): check " + ISSUER);
        }
        String keys = metadata.json().path("jwks_uri").textValue();
        return keys == null ? CheckLine.fail(API_ISSUER, "the issuer's metadata has no jwks_uri: check " + ISSUER)
                : keySet(get, URI.create(keys), ISSUER);
    }

    private static CheckLine keySet(JsonGet get, URI uri, String property) {
        JsonGet.Answer answer = get.get(uri);
        if (answer.problem() != null) {
            return CheckLine.fail(API_ISSUER, answer.problem() + ": check " + property);
        }
        try {
            int keys = JWKSet.parse(answer.json().toString()).getKeys().size();
            return keys == 0 ? CheckLine.fail(API_ISSUER, uri + " holds no keys: no token could be checked; check "
                    + property) : CheckLine.ok(API_ISSUER, "key set at " + uri + " answered with " + keys + " key(s)");
        } catch (ParseException e) {
            return CheckLine.fail(API_ISSUER, uri + " is not a JWK set: check " + property);
        }
    }
}
