// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import no.krrgateway.KrrGatewayApplication;
import no.krrgateway.config.Redact;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/** {@code java -jar krr-gateway.jar check} (docs/operations.md, "Preflight check"). */
public final class PreflightCommand {

    public static final String NAME = "check";

    private PreflightCommand() {
    }

    /** In the order a lookup needs them; each reports as it finishes, since some wait on a network. */
    public record Checks(List<Supplier<List<CheckLine>>> all) {

        boolean run(Consumer<CheckLine> out) {
            boolean passed = true;
            for (Supplier<List<CheckLine>> check : all) {
                List<CheckLine> lines;
                try {
                    lines = check.get();
                } catch (RuntimeException e) {
                    // a check that cannot run is a failed one; its message names what it touched, never a secret
                    lines = List.of(CheckLine.fail("check", e.getClass().getSimpleName() + ": "
                            + Redact.url(e.getMessage())));
                }
                for (CheckLine line : lines) {
                    passed &= !line.failed();
                    out.accept(line);
                }
            }
            return passed;
        }
    }

    public static int run(String[] args, PrintStream out) {
        List<String> all = new ArrayList<>(List.of(args));
        all.remove(NAME);
        // On the command line, so that no configuration file can start the routes or claim the inbox.
        all.add("--camel.main.auto-startup=false");
        SpringApplication application = new SpringApplication(KrrGatewayApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("logging.level.root", "WARN",
                // the report says what failed: Spring's failure report and the admin client's retries would bury it
                "logging.level.org.springframework.boot.SpringApplication", "OFF",
                "logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext", "ERROR",
                "logging.level.org.springframework.boot.diagnostics", "OFF",
                "logging.level.org.apache.kafka", "ERROR",
                // its "running for less than a second" warning is what check means to do
                "logging.level.org.apache.camel.spring.boot.SpringBootCamelContext", "ERROR"));
        ConfigurableApplicationContext context;
        try {
            context = application.run(all.toArray(String[]::new));
        } catch (RuntimeException e) {
            out.println(CheckLine.fail("configuration", reason(e)));
            return 1;
        }
        try (context) {
            String[] profiles = context.getEnvironment().getActiveProfiles();
            out.println(CheckLine.ok("configuration", "valid (profiles: "
                    + (profiles.length == 0 ? "none" : String.join(",", profiles)) + ")"));
            return context.getBean(Checks.class).run(out::println) ? 0 : 1;
        }
    }

    static String reason(Throwable failure) {
        return Redact.url(explain(failure));
    }

    private static String explain(Throwable failure) {
        for (Throwable cause : ExceptionUtils.getThrowableList(failure)) {
            if (cause instanceof BindValidationException validation) {
                return validation.getValidationErrors().getAllErrors().stream()
                        .map(error -> message(validation.getValidationErrors().getName().toString(), error))
                        .collect(Collectors.joining("; "));
            }
            if (cause instanceof BindException bind && bind.getCause() != null
                    && !(bind.getCause() instanceof BindValidationException)) {
                return "cannot read " + bind.getProperty().getName() + ": " + bind.getCause().getMessage();
            }
        }
        List<Throwable> chain = ExceptionUtils.getThrowableList(failure);
        Throwable root = chain.get(chain.size() - 1);
        // an I/O error's message is often the bare path; the message around it names the property
        return root instanceof IOException && chain.size() > 1
                ? chain.get(chain.size() - 2).getMessage() + ": " + root.getClass().getSimpleName() : root.getMessage();
    }

    private static String message(String prefix, ObjectError error) {
        String text = error.getDefaultMessage();
        if (error instanceof FieldError field && text != null && !text.contains("gateway.")) {
            return prefix + "." + DataObjectPropertyName.toDashedForm(field.getField()) + " " + text;
        }
        return text;
    }
}
