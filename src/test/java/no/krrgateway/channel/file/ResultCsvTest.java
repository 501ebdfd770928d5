// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Period;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.support.TestCertificates;
import no.krrgateway.verdict.Section32Rule;
import org.junit.jupiter.api.Test;

class ResultCsvTest {

    private static final RequestContext CONTEXT = new RequestContext("file:ids.csv", null,
            new OutcomeSource.File("ids.csv", 2));
    private final Section32Rule rule = new Section32Rule(FileIntakeFixture.CLOCK, Period.ofMonths(18));

    @Test
    void row_result_fillsEveryColumnAndQuotesWhatNeedsIt() throws Exception {
        ObjectNode krr = (ObjectNode) new ObjectMapper().readTree("""
                {"personidentifikator":"20914695016","reservasjon":"NEI","status":"AKTIV","spraak":"nb",
                 "kontaktinformasjon":{"epostadresse":"\\"Ola, jr\\"@example.no",
                   "epostadresse_oppdatert":"2026-05-01T10:00:00Z",
                   "mobiltelefonnummer":"+4799999999","mobiltelefonnummer_oppdatert":"2024-01-02T10:00:00Z"}}""");
        KrrPerson person = KrrPerson.of(krr);

        String row = ResultFiles.row(new PersonOutcome.Result(CONTEXT, "20914695016", rule.evaluate(person), person,
                null));

        assertThat(row).isEqualTo("20914695016,true,AKTIV,NEI,\"\"\"Ola, jr\"\"@example.no\",true,+4799999999,false,"
                + "nb,MOBILE_EXPIRED,,,,,,,");
        assertThat(ResultFiles.HEADER.split(",")).hasSize(row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1).length);
    }

    @Test
    void row_resultWithDigitalPostCertificateAndVarslingsstatus_appendsTheirColumns() throws Exception {
        ObjectNode krr = (ObjectNode) new ObjectMapper().readTree("""
                {"personidentifikator":"20914695016","reservasjon":"NEI","status":"AKTIV","spraak":"nb",
                 "varslingsstatus":"KAN_IKKE_VARSLES","sertifikat":"%s",
                 "digital_post":{"postkasseadresse":"ola,nordmann#9YDT","postkasseleverandoeradresse":"984661185"}}"""
                .formatted(TestCertificates.EXPIRED));
        KrrPerson person = KrrPerson.of(krr);

        String row = ResultFiles.row(new PersonOutcome.Result(CONTEXT, "20914695016", rule.evaluate(person), person,
                null));

        assertThat(row).isEqualTo("20914695016,false,AKTIV,NEI,,,,,nb,NO_CONTACT_INFO,,\"ola,nordmann#9YDT\",984661185,"
                + TestCertificates.EXPIRED_NOT_AFTER + ",false,KAN_IKKE_VARSLES,");
        assertThat(ResultFiles.HEADER).endsWith(",error,digital_post_address,digital_post_provider,"
                + "certificate_not_after,certificate_usable,krr_varslingsstatus,evidence_id");
    }

    @Test
    void row_resultFromAKeptSignedAnswer_endsWithItsEvidenceId() {
        KrrPerson person = KrrPerson.notRegistered("20914695016");
        var evidence = new no.krrgateway.krr.Evidence("e-1", java.time.Instant.parse("2026-12-06T08:00:00Z"), "a.b.c");

        String row = ResultFiles.row(new PersonOutcome.Result(CONTEXT, "20914695016", rule.evaluate(person), person,
                evidence));

        assertThat(row).endsWith(",NOT_REGISTERED,,,,,,," + evidence.id()).contains(",IKKE_REGISTRERT,");
    }

    @Test
    void row_notRegistered_leavesAbsentChannelsEmptyAndJoinsReasonsWithBars() {
        KrrPerson person = KrrPerson.notRegistered("20914695016");

        String row = ResultFiles.row(new PersonOutcome.Result(CONTEXT, "20914695016", rule.evaluate(person), person,
                null));

        assertThat(row).isEqualTo("20914695016,false,IKKE_REGISTRERT,,,,,,,NOT_REGISTERED,,,,,,,");
    }

    @Test
    void row_error_hasTheCodeAndNotifiableFalse() {
        String row = ResultFiles.row(new PersonOutcome.Error(CONTEXT, "1234, 5", ErrorCode.INVALID_ID, "x", null));

        assertThat(row).isEqualTo("\"1234, 5\",false,,,,,,,,,INVALID_ID,,,,,,");
    }

    @Test
    void row_errorForTextThatLooksLikeAFormula_isDefused() {
        String row = ResultFiles.row(new PersonOutcome.Error(CONTEXT, "=HYPERLINK(\"x\")", ErrorCode.INVALID_ID, "x",
                null));

        assertThat(row).startsWith("\"'=HYPERLINK(\"\"x\"\")\",false");
    }

    @Test
    void quote_lineBreaks_areQuoted() {
        assertThat(ResultFiles.quote("a\r\nb")).isEqualTo("\"a\r\nb\"");
        assertThat(ResultFiles.quote("plain")).isEqualTo("plain");
    }
}
