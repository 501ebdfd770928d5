// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

class SimulatorPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void bind_nothingSet_usesDocumentedDefaults() {
        runner.run(context -> {
            SimulatorProperties properties = context.getBean(SimulatorProperties.class);
            assertThat(properties.latency()).isEqualTo(Duration.ZERO);
            assertThat(properties.maskinporten().issuer()).isNull();
            assertThat(properties.maskinporten().tokenLifetime()).isEqualTo(Duration.ofSeconds(120));
            assertThat(properties.maskinporten().clients()).isEmpty();
            assertThat(properties.krr().filterExpired()).isTrue();
            assertThat(properties.krr().reservedMeansKanIkkeVarsles()).isTrue();
            assertThat(properties.faults()).isEqualTo(FaultSettings.NONE);
        });
    }

    @Test
    void bind_faults_bindsRatesOutageAndRejectIds() {
        runner.withPropertyValues("gateway.simulator.faults.krr-error-rates[500]=0.2",
                "gateway.simulator.faults.krr-error-rates[503]=0.1", "gateway.simulator.faults.krr429-rate=0.1",
                "gateway.simulator.faults.krr429-retry-after=2", "gateway.simulator.faults.latency-max=50ms",
                "gateway.simulator.faults.hang-rate=0.01", "gateway.simulator.faults.outage.starts-in=10s",
                "gateway.simulator.faults.outage.lasts=60s", "gateway.simulator.faults.reject-ids=a,b").run(context -> {
                    FaultSettings faults = context.getBean(SimulatorProperties.class).faults();
                    assertThat(faults.krrErrorRates()).containsEntry(500, 0.2).containsEntry(503, 0.1);
                    assertThat(faults.krr429Rate()).isEqualTo(0.1);
                    assertThat(faults.krr429RetryAfter()).isEqualTo("2");
                    assertThat(faults.latencyMax()).isEqualTo(Duration.ofMillis(50));
                    assertThat(faults.hangRate()).isEqualTo(0.01);
                    assertThat(faults.outage()).isEqualTo(new FaultSettings.Outage(Duration.ofSeconds(10),
                            Duration.ofSeconds(60), null));
                    assertThat(faults.rejectIds()).containsExactly("a", "b");
                });
    }

    @Test
    void bind_faultRatesPastOne_failsStartup() {
        runner.withPropertyValues("gateway.simulator.faults.krr-error-rates[500]=0.7",
                        "gateway.simulator.faults.krr429-rate=0.5")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void bind_clientWithJwkPath_getsBothKrrScopesAndUnknownOrganization() {
        runner.withPropertyValues("gateway.simulator.maskinporten.clients[0].client-id=c",
                "gateway.simulator.maskinporten.clients[0].jwk-path=/tmp/c.jwk.json",
                "gateway.simulator.krr.filter-expired=false").run(context -> {
                    SimulatorProperties.Client client = context.getBean(SimulatorProperties.class).maskinporten()
                            .clients().get(0);
                    assertThat(client.scopes()).containsExactly(SimulatorProperties.KONTAKTINFORMASJON_SCOPE,
                            SimulatorProperties.DIGITALPOST_SCOPE);
                    assertThat(client.organizationNumber()).isEqualTo("000000000");
                    assertThat(context.getBean(SimulatorProperties.class).krr().filterExpired()).isFalse();
                });
    }

    @Test
    void bind_clientWithoutKeyMaterial_failsStartup() {
        runner.withPropertyValues("gateway.simulator.maskinporten.clients[0].client-id=c")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void bind_badOrganizationNumber_failsStartup() {
        runner.withPropertyValues("gateway.simulator.maskinporten.clients[0].client-id=c",
                        "gateway.simulator.maskinporten.clients[0].certificate-path=/tmp/c.pem",
                        "gateway.simulator.maskinporten.clients[0].organization-number=12")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void scan_withoutSimulatorProfile_registersNoSimulatorBeans() {
        new ApplicationContextRunner().withUserConfiguration(WholePackage.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SimulatorProperties.class);
            assertThat(context).doesNotHaveBean(KrrSimulatorController.class);
            assertThat(context).doesNotHaveBean(SimulatorKeys.class);
        });
    }

    /** Not a {@code @Configuration}, so that the package scan below does not pick it up. */
    @EnableConfigurationProperties(SimulatorProperties.class)
    static class PropertiesOnly {
    }

    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = SimulatorProperties.class)
    @ConfigurationPropertiesScan(basePackageClasses = SimulatorProperties.class)
    static class WholePackage {
    }
}
