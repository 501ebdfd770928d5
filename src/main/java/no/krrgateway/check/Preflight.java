// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** In the order a lookup needs them; each reports as it finishes, since some wait on a network. */
public record Preflight(List<Supplier<List<CheckLine>>> checks) {

    public boolean run(Consumer<CheckLine> out) {
        boolean passed = true;
        for (Supplier<List<CheckLine>> check : checks) {
            List<CheckLine> lines;
            try {
                lines = check.get();
            } catch (RuntimeException e) {
                // a check that cannot run is a failed one; its message names what it touched, never a secret
                lines = List.of(CheckLine.fail("check", e.getClass().getSimpleName() + ": "
                        + no.krrgateway.config.Redact.url(e.getMessage())));
            }
            for (CheckLine line : lines) {
                passed &= !line.failed();
                out.accept(line);
            }
        }
        return passed;
    }
}
