// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channels' one reader of request JSON: fields around the ids, the ids streamed, at most a limit kept. */
class RequestJsonTest {

    private static RequestJson open(String json) throws IOException {
        return new RequestJson(new JsonFactory().createParser(json));
    }

    @Test
    void object_fieldsBeforeAndAfterTheIds_allRead() throws Exception {
        RequestJson request = open("{\"requestId\":\"r-1\",\"x\":{\"personidentifikatorer\":1},"
                + "\"personidentifikatorer\":[\"1\",2,null,{\"a\":[3]}],\"consumerOrg\":\"910000001\"}");
        assertThat(request.start()).isEqualTo(JsonToken.START_OBJECT);
        assertThat(request.ids()).isEqualTo(JsonToken.START_ARRAY);
        assertThat(request.field("consumerOrg")).as("after the ids: not read yet").isNull();

        RequestJson.Ids ids = request.readIds(10, (index, id) -> request.idWasString() ? null : "[" + index + "]");

        assertThat(ids.kept()).containsExactly("1", "2", "", "");
        assertThat(ids.problem()).as("the first, in order").isEqualTo("[1]");
        assertThat(request.field("requestId").text()).isEqualTo("r-1");
        assertThat(request.field("consumerOrg").isString()).isTrue();
    }

    @Test
    void readIds_pastTheLimit_countedNotKept() throws Exception {
        RequestJson request = open("[\"1\",\"2\",\"3\",\"4\",\"5\"]");
        request.start();
        RequestJson.Ids ids = request.readIds(2, (index, id) -> null);
        assertThat(ids.kept()).containsExactly("1", "2");
        assertThat(ids.count()).isEqualTo(5);
    }

    @Test
    void nextId_aLargeArray_oneAtATimeWithItsLine() throws Exception {
        // a million ids from a reader that never holds them: only the current one is kept
        Reader ids = new Reader() {
            private int written = -1;
            private String pending = "[";

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (pending.isEmpty()) {
                    written++;
                    pending = written < 1_000_000 ? (written > 0 ? ",\n" : "") + "\"20914695016\""
                            : written == 1_000_000 ? "]" : "";
                    if (pending.isEmpty()) {
                        return -1;
                    }
                }
                int n = Math.min(length, pending.length());
                pending.getChars(0, n, buffer, offset);
                pending = pending.substring(n);
                return n;
            }

            @Override
            public void close() {
            }
        };
        RequestJson request = new RequestJson(new JsonFactory().createParser(ids));
        request.start();
        long count = 0;
        List<Long> lines = new ArrayList<>();
        for (String id = request.nextId(); id != null; id = request.nextId()) {
            count++;
            if (count == 1 || count == 1_000_000) {
                lines.add(request.idLine());
            }
        }
        assertThat(count).isEqualTo(1_000_000);
        assertThat(lines).containsExactly(1L, 1_000_000L);
    }

    @Test
    void nextId_cutOffInsideTheIds_saysItEndedTooEarly() throws Exception {
        RequestJson request = open("{\"personidentifikatorer\": [\"1\"");
        request.start();
        assertThat(request.nextId()).isEqualTo("1");
        assertThatThrownBy(request::nextId).isInstanceOf(JsonEOFException.class);
    }
}
