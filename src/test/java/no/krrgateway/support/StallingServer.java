// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * Answers the first bytes of a 1000-byte body, then nothing until it is closed: what a client timing only the wait for
 * the headers waits on for ever.
 */
public final class StallingServer extends MisbehavingServer {

    private final CountDownLatch released = new CountDownLatch(1);

    public StallingServer(String path, String firstBytes) {
        super(path, firstBytes, 1000);
    }

    @Override
    void rest(OutputStream body) throws IOException {
        body.flush();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        super.close();
    }
}
