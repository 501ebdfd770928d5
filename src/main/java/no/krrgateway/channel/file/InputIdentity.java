// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/** File key, size and time: tells another drop of the same name apart from the file this instance read. */
record InputIdentity(Object fileKey, long size, FileTime modified) {

    /** @return the identity of {@code file} now, or null when it is gone */
    static InputIdentity of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return new InputIdentity(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    boolean matches(Path file) throws IOException {
        return equals(of(file));
    }
}
