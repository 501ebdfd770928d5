// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/** Each renderable part masked; a JDK proxy so that every other getter (a later Logback's too) asks the original. */
final class MaskedLoggingEvent implements InvocationHandler {

    private final ILoggingEvent event;
    private String formattedMessage;
    private IThrowableProxy throwable;

    private MaskedLoggingEvent(ILoggingEvent event) {
        this.event = event;
    }

    static ILoggingEvent of(ILoggingEvent event) {
        boolean masked = Proxy.isProxyClass(event.getClass())
                && Proxy.getInvocationHandler(event) instanceof MaskedLoggingEvent;
        return masked ? event : (ILoggingEvent) Proxy.newProxyInstance(ILoggingEvent.class.getClassLoader(),
                new Class<?>[] {ILoggingEvent.class}, new MaskedLoggingEvent(event));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        return switch (method.getName()) {
            case "getMessage" -> PersonIdMasking.mask(event.getMessage());
            case "getFormattedMessage" -> formattedMessage();
            case "getArgumentArray" -> event.getArgumentArray() == null ? null
                    : Arrays.stream(event.getArgumentArray()).map(value -> maskValue(value, 0)).toArray();
            case "getThrowableProxy" -> throwable();
            case "getMDCPropertyMap", "getMdc" -> maskMdc(event.getMDCPropertyMap());
            case "getKeyValuePairs" -> event.getKeyValuePairs() == null ? null : event.getKeyValuePairs().stream()
                    .map(pair -> new KeyValuePair(pair.key, maskValue(pair.value, 0))).toList();
            // A thread may be named after what it works on, e.g. a file.
            case "getThreadName" -> PersonIdMasking.mask(event.getThreadName());
            case "getMarker" -> maskMarker(event.getMarker());
            case "getMarkerList" -> event.getMarkerList() == null ? null
                    : event.getMarkerList().stream().map(MaskedLoggingEvent::maskMarker).toList();
            case "prepareForDeferredProcessing" -> {
                event.prepareForDeferredProcessing();
                formattedMessage();
                throwable();
                yield null;
            }
            // The original's toString shows its message unmasked; a proxy is equal to itself alone.
            case "toString" -> "[" + event.getLevel() + "] " + formattedMessage();
            case "equals" -> proxy == arguments[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> forward(method, arguments);
        };
    }

    private Object forward(Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(event, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private String formattedMessage() {
        if (formattedMessage == null) {
            formattedMessage = PersonIdMasking.mask(event.getFormattedMessage());
        }
        return formattedMessage;
    }

    private IThrowableProxy throwable() {
        if (throwable == null) {
            throwable = MaskedThrowableProxy.of(event.getThrowableProxy());
        }
        return throwable;
    }

    private static Map<String, String> maskMdc(Map<String, String> mdc) {
        if (mdc == null || mdc.isEmpty()) {
            return mdc;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        mdc.forEach((key, value) -> masked.put(key, PersonIdMasking.mask(value)));
        return masked;
    }

    private static Object maskValue(Object value, int depth) {
        if (value != null && value.getClass().isArray() && depth < 4) {
            // An encoder renders each element; deeper nesting (or an array holding itself) is masked as text below.
            return IntStream.range(0, Array.getLength(value)).mapToObj(i -> maskValue(Array.get(value, i), depth + 1))
                    .toArray();
        }
        if (value == null || value instanceof Number) { // a number of eleven digits only, as in a structured field
            return PersonIdMasking.maskScalar(value);
        }
        // Anything else is rendered by its toString, which may name a person (text and true stay themselves).
        String text = value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
        String masked = PersonIdMasking.mask(text);
        return masked.equals(text) ? value : masked;
    }

    /** A marker may be made from any text. */
    private static Marker maskMarker(Marker marker) {
        if (marker == null) {
            return null;
        }
        String name = PersonIdMasking.mask(marker.getName());
        if (name.equals(marker.getName()) && !marker.hasReferences()) {
            return marker;
        }
        Marker masked = MarkerFactory.getDetachedMarker(name);
        marker.iterator().forEachRemaining(reference -> masked.add(maskMarker(reference)));
        return masked;
    }
}
