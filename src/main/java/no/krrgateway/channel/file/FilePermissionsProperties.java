// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param group what the group of result files, error files and moved inputs may do: {@code none} (the default:
 *              owner-only, {@code rw-------}), {@code read} ({@code rw-r-----}) or {@code read-write}
 *              ({@code rw-rw----}), for a legacy exchange whose reader runs as another user in the gateway's group
 */
@Validated
@ConfigurationProperties("gateway.files.permissions")
public record FilePermissionsProperties(@NotNull @DefaultValue("none") FilePermissions.GroupAccess group) {
}
