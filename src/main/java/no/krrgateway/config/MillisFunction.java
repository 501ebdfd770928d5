// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;
import org.springframework.boot.convert.DurationStyle;

/** {@code {{ms:name}}}: a duration as Spring reads it, in ms (Camel reads PT5S as 0). Found by META-INF/services. */
public class MillisFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "ms";
    }

    @Override
    public String apply(String property) {
        String value = camelContext.getPropertiesComponent().resolveProperty(property)
                .orElseThrow(() -> new IllegalArgumentException("property " + property + " is not set"));
        return String.valueOf(DurationStyle.detectAndParse(value).toMillis());
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
