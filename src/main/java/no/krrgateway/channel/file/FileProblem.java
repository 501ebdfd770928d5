// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

/** The {@code reason} in {@code NAME.error.json}; docs/contract.md §4 says what each means. */
public enum FileProblem {
    SYMBOLIC_LINK,
    HARD_LINK,
    NOT_A_REGULAR_FILE,
    UNSAFE_NAME,
    UNSUPPORTED_EXTENSION,
    TOO_LARGE,
    EMPTY_FILE,
    BINARY_FILE,
    NOT_UTF8,
    NOT_JSON,
    UNEXPECTED_JSON,
    BAD_CSV,
    NO_IDS,
    NO_VALID_IDS,
    PROCESSING_FAILED
}
