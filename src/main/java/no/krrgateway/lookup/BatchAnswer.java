// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.HashMap;
import java.util.Map;
import no.krrgateway.krr.model.KrrPerson;

/**
 * KRR's answer for one {@link no.krrgateway.krr.KrrBatch}: the persons it returned, by id, and the ids it rejected
 * (found by halving), with why. An id of the batch in neither was left out by KRR: not registered.
 */
public record BatchAnswer(Map<String, KrrPerson> persons, Map<String, String> rejected) {

    /** A call KRR answered. */
    public static BatchAnswer found(Map<String, KrrPerson> persons) {
        return new BatchAnswer(persons, Map.of());
    }

    /** A single id KRR rejected. */
    public static BatchAnswer rejected(String personId, String reason) {
        return new BatchAnswer(Map.of(), Map.of(personId, reason));
    }

    /** The answers for both halves of a batch. */
    public BatchAnswer plus(BatchAnswer other) {
        Map<String, KrrPerson> allPersons = new HashMap<>(persons);
        allPersons.putAll(other.persons);
        Map<String, String> allRejected = new HashMap<>(rejected);
        allRejected.putAll(other.rejected);
        return new BatchAnswer(allPersons, allRejected);
    }

    /** Why KRR rejected this id, or null when it did not. */
    public String rejection(String personId) {
        return rejected.isEmpty() ? null : rejected.get(personId);
    }

    /** What KRR answered for an id of the batch it did not reject: the person, or not registered if left out. */
    public KrrPerson person(String personId) {
        KrrPerson person = persons.get(personId);
        return person != null ? person : KrrPerson.notRegistered(personId);
    }
}
