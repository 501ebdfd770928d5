// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

/** Why a dropped file was refused whole; the name is the {@code reason} in {@code NAME.error.json}. */
public enum FileProblem {
    /** A symbolic link: the gateway reads only files that live in the inbox. */
    SYMBOLIC_LINK,
    /** A hard link: the same file has another name, possibly outside the inbox. */
    HARD_LINK,
    /** A device, pipe or other special file. */
    NOT_A_REGULAR_FILE,
    /** A name with path separators or control characters, or one that starts with a dot. */
    UNSAFE_NAME,
    /** Not {@code .txt}, {@code .csv} or {@code .json}. */
    UNSUPPORTED_EXTENSION,
    /** Larger than {@code gateway.files.max-size}. */
    TOO_LARGE,
    /** Zero bytes. */
    EMPTY_FILE,
    /** Binary content (NUL bytes, a ZIP or Excel workbook, ...), not text. */
    BINARY_FILE,
    /** Text in another encoding than UTF-8. */
    NOT_UTF8,
    /** A {@code .json} file that is not JSON. */
    NOT_JSON,
    /** JSON, but neither an array of ids nor an object with a {@code personidentifikatorer} array. */
    UNEXPECTED_JSON,
    /** A {@code .csv} file whose quoting is broken. */
    BAD_CSV,
    /** Only blank lines, comments or a header. */
    NO_IDS,
    /** Ids, but not one valid person id among them. */
    NO_VALID_IDS,
    /** Failed max-attempts times for a reason other than KRR or Maskinporten. */
    PROCESSING_FAILED
}
