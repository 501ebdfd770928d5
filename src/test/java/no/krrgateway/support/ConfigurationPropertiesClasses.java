// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** The project's {@code @ConfigurationProperties} classes, for tests that check each of them. */
public final class ConfigurationPropertiesClasses {

    private ConfigurationPropertiesClasses() {
    }

    /** Every one in {@code no.krrgateway}, whatever its profile: the simulator's are @Profile("simulator"). */
    public static List<Class<?>> all() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false, new StandardEnvironment() {
            @Override
            public boolean acceptsProfiles(Profiles profiles) {
                return true;
            }
        });
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> types = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("no.krrgateway")) {
            types.add(Class.forName(candidate.getBeanClassName()));
        }
        return types;
    }
}
