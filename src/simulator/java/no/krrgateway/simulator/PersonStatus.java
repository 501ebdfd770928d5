// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

/** A person's register status; the constants are KRR's wire values. */
public enum PersonStatus {
    AKTIV,
    SLETTET,
    IKKE_REGISTRERT
}
