// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.util.Arrays;

/** Messages masked, causes' and suppressed ones' too; a ThrowableProxy as Boot's stack-trace printer insists on one. */
final class MaskedThrowableProxy extends ThrowableProxy {

    private final IThrowableProxy proxy;

    private MaskedThrowableProxy(IThrowableProxy proxy) {
        // a deserialized event has no Throwable; rare
        super(proxy instanceof ThrowableProxy real ? real.getThrowable() : new Throwable());
        this.proxy = proxy;
    }

    static IThrowableProxy of(IThrowableProxy proxy) {
        return proxy == null || proxy instanceof MaskedThrowableProxy ? proxy : new MaskedThrowableProxy(proxy);
    }

    @Override
    public String getMessage() {
        return PersonIdMasking.mask(proxy.getMessage());
    }

    @Override
    public String getOverridingMessage() {
        return PersonIdMasking.mask(proxy.getOverridingMessage());
    }

    @Override
    public String getClassName() {
        return proxy.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return proxy.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
        return proxy.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
        return of(proxy.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        IThrowableProxy[] suppressed = proxy.getSuppressed();
        return suppressed == null ? null
                : Arrays.stream(suppressed).map(MaskedThrowableProxy::of).toArray(IThrowableProxy[]::new);
    }

    @Override
    public boolean isCyclic() {
        return proxy.isCyclic();
    }
}
