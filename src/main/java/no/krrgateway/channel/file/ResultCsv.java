// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.Verdict;
import no.krrgateway.verdict.Verdict.CertificateVerdict;
import no.krrgateway.verdict.Verdict.ChannelVerdict;

/** A row of {@code NAME.results.csv} (docs/contract.md §4); new columns go at the end for positional readers. */
final class ResultCsv {

    static final String HEADER = "personidentifikator,notifiable,status,reservasjon,email,email_usable,mobile,"
            + "mobile_usable,spraak,reasons,error,digital_post_address,digital_post_provider,certificate_not_after,"
            + "certificate_usable,krr_varslingsstatus,evidence_id";
    static final String LINE_END = "\r\n";
    /** First characters with which a spreadsheet runs a cell as a formula. */
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final Pattern NEEDS_QUOTES = Pattern.compile("[,\"\r\n]");

    private ResultCsv() {
    }

    static String row(PersonOutcome outcome) {
        if (outcome instanceof PersonOutcome.Result result) {
            Verdict verdict = result.verdict();
            KrrPerson krr = result.krr();
            Optional<CertificateVerdict> certificate = result.certificate();
            return String.join(",",
                    quote(result.personId()),
                    String.valueOf(verdict.notifiable()),
                    quote(krr.statusText()),
                    quote(krr.reservationText()),
                    quote(verdict.email().map(ChannelVerdict::address).orElse("")),
                    usable(verdict.email()),
                    quote(verdict.mobile().map(ChannelVerdict::address).orElse("")),
                    usable(verdict.mobile()),
                    quote(krr.language()),
                    verdict.reasons().stream().map(Enum::name).collect(Collectors.joining("|")),
                    "",
                    quote(result.krr().digitalPost().map(KrrPerson.DigitalPost::address).orElse("")),
                    quote(result.krr().digitalPost().map(KrrPerson.DigitalPost::provider).orElse("")),
                    certificate.flatMap(CertificateVerdict::notAfter).map(Object::toString).orElse(""),
                    certificate.map(c -> String.valueOf(c.usable())).orElse(""),
                    quote(result.krr().varslingsstatus()),
                    result.evidence() == null ? "" : result.evidence().id());
        }
        PersonOutcome.Error error = (PersonOutcome.Error) outcome;
        return String.join(",", quote(defuse(error.personId())), "false", "", "", "", "", "", "", "", "",
                error.code().name(), "", "", "", "", "", "");
    }

    private static String usable(Optional<ChannelVerdict> channel) {
        return channel.map(c -> String.valueOf(c.usable())).orElse("");
    }

    /** An error row repeats the file's text: one a spreadsheet would run as a formula gets a leading apostrophe. */
    static String defuse(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    static String quote(String value) {
        if (value == null) {
            return "";
        }
        return NEEDS_QUOTES.matcher(value).find() ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
