// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

/** One id as the file wrote it (trimmed), with the line it starts on, counted from 1. */
public record IdLine(String id, long line) {
}
