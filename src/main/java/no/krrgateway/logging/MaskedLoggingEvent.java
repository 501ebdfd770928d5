// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/** A logging event as every appender sees it: each part an encoder may render has personal data masked. */
final class MaskedLoggingEvent implements ILoggingEvent {

    private final ILoggingEvent event;
    private String formattedMessage;
    private IThrowableProxy throwable;
    private boolean throwableMasked;

    MaskedLoggingEvent(ILoggingEvent event) {
        this.event = event;
    }

    static Object maskValue(Object value) {
        return maskValue(value, 0);
    }

    private static Object maskValue(Object value, int depth) {
        if (value != null && value.getClass().isArray() && depth < 4) {
            // An encoder that writes arguments (a JSON "arguments" field) renders each element; deeper nesting (or an
            // array holding itself) is masked as the text below.
            Object[] masked = new Object[Array.getLength(value)];
            for (int i = 0; i < masked.length; i++) {
                masked[i] = maskValue(Array.get(value, i), depth + 1);
            }
            return masked;
        }
        if (value instanceof CharSequence || value instanceof Long || value instanceof Integer
                || value instanceof BigInteger) {
            return PersonIdMasking.maskScalar(value);
        }
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>) {
            return value;
        }
        // Anything else is rendered by its toString, which may name a person; a deep array as its elements' text.
        String text = value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
        String masked = PersonIdMasking.mask(text);
        return masked.equals(text) ? value : masked;
    }

    @Override
    public String getMessage() {
        return PersonIdMasking.mask(event.getMessage());
    }

    @Override
    public Object[] getArgumentArray() {
        Object[] arguments = event.getArgumentArray();
        return arguments == null ? null : Arrays.stream(arguments).map(MaskedLoggingEvent::maskValue).toArray();
    }

    @Override
    public String getFormattedMessage() {
        if (formattedMessage == null) {
            formattedMessage = PersonIdMasking.mask(event.getFormattedMessage());
        }
        return formattedMessage;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        if (!throwableMasked) {
            throwable = MaskedThrowableProxy.of(event.getThrowableProxy());
            throwableMasked = true;
        }
        return throwable;
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return mdc;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        mdc.forEach((key, value) -> masked.put(key, PersonIdMasking.mask(value)));
        return masked;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return getMDCPropertyMap();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty()) {
            return pairs;
        }
        return pairs.stream().map(pair -> new KeyValuePair(pair.key, maskValue(pair.value))).toList();
    }

    /** A thread may be named after what it works on, e.g. a file. */
    @Override
    public String getThreadName() {
        return PersonIdMasking.mask(event.getThreadName());
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Marker getMarker() {
        return maskMarker(event.getMarker());
    }

    @Override
    public List<Marker> getMarkerList() {
        List<Marker> markers = event.getMarkerList();
        return markers == null ? null : markers.stream().map(MaskedLoggingEvent::maskMarker).toList();
    }

    /** A marker's name, and its references' names, masked: a marker may be made from any text. */
    static Marker maskMarker(Marker marker) {
        if (marker == null) {
            return null;
        }
        String name = PersonIdMasking.mask(marker.getName());
        if (name.equals(marker.getName()) && !marker.hasReferences()) {
            return marker;
        }
        Marker masked = MarkerFactory.getDetachedMarker(name);
        for (Iterator<Marker> references = marker.iterator(); references.hasNext(); ) {
            masked.add(maskMarker(references.next()));
        }
        return masked;
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
        getFormattedMessage();
        getThrowableProxy();
    }
}
