// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.ArrayList;
import java.util.Iterator;
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
 * Processes a suspect record (one whose batch kept failing) alone, slice by slice, through the same lookup and
 * publish routes. If a slice fails again for a reason other than KRR or Maskinporten, that slice's ids and the rest
 * of the record's get a PROCESSING_FAILED error, kept minimal (no correlation id, no payload, a requestId and ids the
 * input limits already bound) so that the error itself cannot fail the same way; slices published before keep their
 * outcomes, so every id still gets exactly one.
 */
public class SuspectRecords {

    private static final Logger log = LoggerFactory.getLogger(SuspectRecords.class);

    private final ProducerTemplate routes;

    public SuspectRecords(ProducerTemplate routes) {
        this.routes = routes;
    }

    /** @param failures how often the record's batch failed before */
    public void process(Iterator<LookupWork> slices, String key, int failures) {
        String failedFor = null;
        while (slices.hasNext()) {
            LookupWork slice = slices.next();
            if (failedFor == null) {
                try {
                    Object outcomes = routes.requestBody("direct:lookup", slice);
                    routes.requestBody("direct:publish-kafka", outcomes);
                    continue;
                } catch (CamelExecutionException e) {
                    if (e.getCause() instanceof GatewayException unavailable) {
                        throw unavailable;
                    }
                    failedFor = e.getCause() == null ? e.getClass().getSimpleName()
                            : e.getCause().getClass().getSimpleName();
                    log.error("Request record {} failed {} times, the last alone ({}); answering its ids with "
                            + "PROCESSING_FAILED", key, failures + 1, PoisonRecords.describe(e));
                }
            }
            // Slice by slice here too, so that the errors of a large record are never all held at once.
            routes.requestBody("direct:publish-kafka", failed(slice, failedFor));
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
