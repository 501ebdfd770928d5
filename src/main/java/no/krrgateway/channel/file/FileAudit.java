// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.util.Map;

/**
 * Told once per file, after its outputs are committed: the one audit event of the file's request. An interface here
 * so that the file channel does not depend on the audit package ({@link FileChannelConfiguration} wires it).
 */
@FunctionalInterface
public interface FileAudit {

    /**
     * @param file       the file's (safe) name
     * @param requestId  {@code file:NAME}
     * @param errorCodes the error outcomes by code, only codes that occurred
     */
    void committed(String file, String requestId, long ids, long results, long notifiable,
                   Map<String, Long> errorCodes);

    static FileAudit none() {
        return (file, requestId, ids, results, notifiable, errorCodes) -> { };
    }
}
