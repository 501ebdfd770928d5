// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What an encoder may read of a masked event beyond its message: arguments as objects, and the throwable's parts. */
class MaskedLoggingEventTest {

    private static final String ID = "20914695016";

    private final LoggerContext context = new LoggerContext();

    /** Any object is rendered by its toString; an array holding itself is expanded four levels, then shown as text. */
    @Test
    void argumentArray_objectsAndSelfHoldingArray_maskedScalarsKept() {
        record Person(String id) {
        }
        Object[] self = {ID, null};
        self[1] = self;
        Object[] arguments = event(null, new Person(ID), self, true, 1795561339944L, Long.parseLong(ID), null, "r-1")
                .getArgumentArray();

        assertThat(arguments[0]).isEqualTo("Person[id=***********]");
        assertThat(Arrays.deepToString(new Object[] {arguments[1]}))
                .isEqualTo("[[***********, [***********, [***********, [***********, [[***********, [...]]]]]]]]");
        // a number of other than eleven digits is a timestamp or a count, as in a structured field
        assertThat(Arrays.copyOfRange(arguments, 2, 7))
                .containsExactly(true, 1795561339944L, "***********", null, "r-1");
    }

    @Test
    void of_maskedEventAgain_sameEventEqualToItselfAlone() {
        LoggingEvent original = new LoggingEvent(getClass().getName(), context.getLogger("careless"), Level.INFO,
                "looked up " + ID, null, null);
        ILoggingEvent masked = MaskedLoggingEvent.of(original);

        assertThat(MaskedLoggingEvent.of(masked)).isSameAs(masked);
        assertThat(masked).isEqualTo(masked).isNotEqualTo(original);
        assertThat(masked.toString()).isEqualTo("[INFO] looked up ***********");
    }

    /**
     * A cause's frames in common with its parent's (the "... 1 common frames omitted" line), a circular chain, and
     * the throwable itself, which Boot's stack-trace printer reads: each as the original's.
     */
    @Test
    void throwableProxy_commonFramesCycleAndThrowable_asTheOriginalsMessagesMasked() {
        var first = new IllegalStateException("no answer for " + ID);
        var second = new IllegalArgumentException("bad " + ID, first);
        first.initCause(second);
        ThrowableProxy original = new ThrowableProxy(first);

        IThrowableProxy masked = event(first).getThrowableProxy();

        assertThat(((ThrowableProxy) masked).getThrowable()).isSameAs(first);
        assertThat(masked.getCause().getCommonFrames()).isPositive()
                .isEqualTo(original.getCause().getCommonFrames());
        assertThat(masked.getCause().getCause().isCyclic()).isTrue();
        assertThat(ThrowableProxyUtil.asString(masked)).contains("CIRCULAR REFERENCE").contains("common frames omitted")
                .contains("bad ***********").doesNotContain(ID);
    }

    private ILoggingEvent event(Throwable failure, Object... arguments) {
        return MaskedLoggingEvent.of(new LoggingEvent(getClass().getName(), context.getLogger("careless"), Level.INFO,
                "{}", failure, arguments));
    }
}
