// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param group what the group of written and moved files may do: none (owner-only), read or read-write */
@Validated
@ConfigurationProperties("gateway.files.permissions")
public record FilePermissionsProperties(@NotNull @DefaultValue("none") FilePermissions.GroupAccess group) {
}
