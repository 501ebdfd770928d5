// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.ArrayList;
import java.util.List;
import no.krrgateway.GatewayException;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes a suspect record (one whose batch kept failing) alone, through the same lookup and publish routes; if it
 * fails again for a reason other than KRR or Maskinporten, its ids get a PROCESSING_FAILED error, kept minimal (no
 * correlation id, no payload) so that the error itself cannot fail the same way.
 */
public class SuspectRecords {

    private static final Logger log = LoggerFactory.getLogger(SuspectRecords.class);

    private final ProducerTemplate routes;

    public SuspectRecords(ProducerTemplate routes) {
        this.routes = routes;
    }

    public void process(LookupWork record, String key) {
        try {
            Object outcomes = routes.requestBody("direct:lookup", record);
            routes.requestBody("direct:publish-kafka", outcomes);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof GatewayException unavailable) {
                throw unavailable;
            }
            String reason = e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName();
            log.error("Request record {} keeps failing ({}); answering its ids with PROCESSING_FAILED", key, reason);
            routes.requestBody("direct:publish-kafka", failed(record, reason));
        }
    }

    private static List<PersonOutcome> failed(LookupWork record, String reason) {
        List<PersonOutcome> errors = new ArrayList<>();
        String message = "the request could not be processed (" + reason + ") after repeated attempts";
        for (LookupItem item : record.items()) {
            RequestContext context = new RequestContext(item.context().requestId(), null, item.context().source());
            errors.add(new PersonOutcome.Error(context, item.personId(), ErrorCode.PROCESSING_FAILED, message, null));
        }
        for (PersonOutcome decided : record.decided()) {
            RequestContext context = new RequestContext(decided.context().requestId(), null,
                    decided.context().source());
            errors.add(new PersonOutcome.Error(context, decided.personId(), ErrorCode.PROCESSING_FAILED, message,
                    null));
        }
        return errors;
    }
}
