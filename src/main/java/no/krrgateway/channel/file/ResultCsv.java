// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.stream.Collectors;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.ChannelVerdict;
import no.krrgateway.verdict.Verdict;

/**
 * One outcome as a row of {@code NAME.results.csv} (docs/contract.md §4), quoted as RFC 4180 says. Reasons are joined
 * with {@code |}; an error row has {@code notifiable} false, its code in {@code error} and the other columns empty.
 */
final class ResultCsv {

    static final String HEADER = "personidentifikator,notifiable,status,reservasjon,email,email_usable,mobile,"
            + "mobile_usable,spraak,reasons,error";
    static final String LINE_END = "\r\n";

    private ResultCsv() {
    }

    static String row(PersonOutcome outcome) {
        if (outcome instanceof PersonOutcome.Result result) {
            Verdict verdict = result.verdict();
            JsonNode krr = result.krr().raw();
            return String.join(",",
                    quote(result.personId()),
                    String.valueOf(verdict.notifiable()),
                    quote(text(krr, "status")),
                    quote(text(krr, "reservasjon")),
                    quote(verdict.email().map(ChannelVerdict::address).orElse("")),
                    usable(verdict.email()),
                    quote(verdict.mobile().map(ChannelVerdict::address).orElse("")),
                    usable(verdict.mobile()),
                    quote(text(krr, "spraak")),
                    verdict.reasons().stream().map(Enum::name).collect(Collectors.joining("|")),
                    "");
        }
        PersonOutcome.Error error = (PersonOutcome.Error) outcome;
        return String.join(",", quote(defuse(error.personId())), "false", "", "", "", "", "", "", "", "",
                error.code().name());
    }

    private static String usable(Optional<ChannelVerdict> channel) {
        return channel.map(c -> String.valueOf(c.usable())).orElse("");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() ? "" : value.asText();
    }

    /**
     * An error row repeats what the file said, which may be anything: text a spreadsheet would run as a formula
     * gets a leading apostrophe. Valid ids and KRR's values are never changed.
     */
    static String defuse(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    static String quote(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
