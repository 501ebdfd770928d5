// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import no.krrgateway.simulator.KrrAnswerSigner;
import no.krrgateway.simulator.SimulatorSigningProperties;
import no.krrgateway.KrrGatewayApplication;
import no.krrgateway.check.PreflightCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The README's run command ({@code ./mvnw spring-boot:test-run}): an embedded single-node KRaft broker, the KRR and
 * Maskinporten simulator, and the gateway wired to both, in one process. It lives with the tests so that the
 * production jar never carries a broker.
 */
public final class LocalGatewayLauncher {

    static final String CLIENT_ID = "krr-gateway-local";

    private LocalGatewayLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && PreflightCommand.NAME.equals(args[0])) {
            // ./mvnw spring-boot:run -Dspring-boot.run.arguments=check: the preflight of the normal configuration
            // (config/, SPRING_PROFILES_ACTIVE, the environment), not of this local run's broker and simulator
            KrrGatewayApplication.main(args);
            return;
        }
        // The broker starts before Spring Boot sets logging up (application-local.yml keeps it at WARN then), while
        // Logback's bare default prints everything at DEBUG: a thousand broker lines that would bury the banner.
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6,
                "krr.lookup.requests", "krr.lookup.results", "krr.lookup.notifiable", "krr.lookup.errors",
                "krr.lookup.completed", "krr.lookup.evidence");
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("message.max.bytes", "4194304"); // kept signed answers: application-local.yml
        broker.afterPropertiesSet();
        // Stopped once the gateway has, so that its consumers can leave the group. Kafka's own exit hook deletes the
        // broker's folder meanwhile: the broker's complaints about reading and writing there are no ERROR of a stop.
        SpringApplication.getShutdownHandlers().add(broker::destroy);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.of("kafka", "org.apache.kafka.storage")
                .forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.OFF))));

        Path key = developmentKey(Path.of("data", "dev", "maskinporten-dev.jwk.json"));
        // The simulator's test CA for signed answers, made (once) before the gateway reads it as its trust anchor;
        // signed answers are off unless --gateway.krr.signed-answers.enabled=true (docs/evidence.md).
        Path signing = Path.of("data", "dev");
        new KrrAnswerSigner(new SimulatorSigningProperties(signing, "991825827", KrrAnswerSigner.Fault.NONE),
                Clock.systemUTC());
        String[] settings = {
                "--spring.profiles.active=local,simulator",
                "--camel.component.kafka.brokers=" + broker.getBrokersAsString(),
                "--gateway.maskinporten.jwk.path=" + key,
                "--gateway.simulator.maskinporten.clients[0].client-id=" + CLIENT_ID,
                "--gateway.simulator.maskinporten.clients[0].jwk-path=" + key,
                "--gateway.simulator.signing.folder=" + signing,
                "--gateway.krr.signed-answers.trust-anchors=" + signing.resolve("krr-signing-ca.pem"),
                // Kafka's test kit deletes the broker's folder in its own exit hook, racing the broker's stop: an
                // "ERROR Error deleting /tmp/kafka-..." that is no failure of the gateway (LocalRunIT)
                "--logging.level.org.apache.kafka.test=OFF"};
        String[] all = new String[settings.length + args.length];
        System.arraycopy(settings, 0, all, 0, settings.length);
        System.arraycopy(args, 0, all, settings.length, args.length);
        ConfigurableApplicationContext context;
        try {
            context = SpringApplication.run(KrrGatewayApplication.class, all);
        } catch (RuntimeException e) {
            broker.destroy(); // else its threads keep this JVM, and mvnw, running after the failure report
            throw e;
        }
        printHowTo(context, broker.getBrokersAsString());
    }

    /** A throw-away RSA key for the local Maskinporten simulator; made once and kept under data/dev. */
    private static Path developmentKey(Path file) throws Exception {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, new RSAKeyGenerator(2048).keyID("local-dev").generate().toJSONString());
        }
        return file;
    }

    private static void printHowTo(ConfigurableApplicationContext context, String brokers) {
        String port = context.getEnvironment().getProperty("local.server.port", "8080");
        String inbox = Path.of(context.getEnvironment().getProperty("gateway.files.inbox", "data/inbox"))
                .toAbsolutePath().toString();
        System.out.printf("""

                ==================================================================================
                 krr-gateway runs locally: embedded Kafka at %1$s, simulator at http://localhost:%2$s
                 Send a lookup (goes to topic krr.lookup.requests):
                   curl -s -X POST http://localhost:%2$s/local/requests -H 'Content-Type: application/json' \\
                        -d '{"requestId":"demo-1","personidentifikatorer":["20914695016","23079421936","12345678901"]}'
                 Read its outcomes (from krr.lookup.results and krr.lookup.errors):
                   curl -s 'http://localhost:%2$s/local/results?requestId=demo-1'
                 Or ask the HTTP lookup API (no authentication in the local run):
                   curl -s -X POST http://localhost:%2$s/api/v1/lookups -H 'Content-Type: application/json' \\
                        -d '{"personidentifikatorer":["20914695016","23079421936"]}'
                 Or point any Kafka client at %1$s. File inbox: %3$s
                 Named test persons: docs/simulator-test-persons.md. Stop with Ctrl+C.
                ==================================================================================
                %n""", brokers, port, inbox);
    }
}
