// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

/** SKIP: a part of the gateway this configuration does not use. */
public record CheckLine(Status status, String name, String detail) {

    public enum Status { OK, FAIL, SKIP }

    public static CheckLine ok(String name, String detail) {
        return new CheckLine(Status.OK, name, detail);
    }

    public static CheckLine fail(String name, String detail) {
        return new CheckLine(Status.FAIL, name, detail);
    }

    public static CheckLine skip(String name, String detail) {
        return new CheckLine(Status.SKIP, name, detail);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    @Override
    public String toString() {
        return String.format("%-4s %s: %s", status, name, detail);
    }
}
