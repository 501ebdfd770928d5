// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import no.krrgateway.config.Redact;
import no.krrgateway.retry.HttpAnswers;

/** A GET of a JSON document for a check, with the failure said in words rather than thrown. */
record JsonGet(HttpClient http, ObjectMapper mapper, Duration timeout) {

    record Answer(JsonNode json, String problem) {
    }

    Answer get(URI uri) {
        String where = Redact.url(uri);
        try {
            HttpResponse<byte[]> response = HttpAnswers.send(http, HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpAnswers.ONE_MB);
            if (response.statusCode() != 200) {
                return new Answer(null, where + " answered HTTP " + response.statusCode());
            }
            return new Answer(mapper.readTree(response.body()), null);
        } catch (JsonProcessingException e) {
            return new Answer(null, where + " answered with something that is not JSON");
        } catch (IOException e) {
            return new Answer(null, "no answer from " + where + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, "interrupted while asking " + where);
        }
    }
}
