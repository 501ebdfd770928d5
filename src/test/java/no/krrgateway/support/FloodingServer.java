// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Answers with spaces without end after the first bytes (chunked, or under a declared Content-Length), until the
 * client closes the connection: what a client reading the whole body holds in memory, in full.
 */
public final class FloodingServer extends MisbehavingServer {

    /** Past this the server gives up by itself, so that a client that reads everything still ends. */
    private static final long MOST = 64L << 20;

    /** @param declaredLength the Content-Length sent, or 0 for a chunked body */
    public FloodingServer(String path, String firstBytes, long declaredLength) {
        super(path, firstBytes, declaredLength);
    }

    @Override
    void rest(OutputStream body) throws IOException {
        byte[] spaces = new byte[64 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        for (long sent = 0; sent < MOST; sent += spaces.length) {
            body.write(spaces);
        }
    }
}
