package io.ove.channel.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not channels, or not this version's, or out of reach: a clear error each, never a hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadFilesTest {

    private final SharedChannelFiles files = new SharedChannelFiles();

    @AfterEach
    void deleteFiles() {
        files.deleteAll();
    }

    private static SharedMemoryChannelBuilder existing(Path path) {
        return SharedMemoryChannel.builder(path).create(false);
    }

    @Test
    void aMissingFileNamesTheFileAndTheFix() {
        Path path = files.fresh("missing");
        assertThatThrownBy(() -> existing(path).open(Codec.utf8()))
                .isInstanceOf(SharedMemoryException.class)
                .hasMessageContaining(path.toString()).hasMessageContaining("start the process that creates it");
    }

    @Test
    void aForeignFileIsRefusedAndLeftAlone() throws IOException {
        Path path = files.fresh("foreign");
        byte[] content = new byte[16384];
        content[0] = 'P';
        content[1] = 'K';
        Files.write(path, content);
        for (boolean create : List.of(false, true)) {
            assertThatThrownBy(() -> SharedMemoryChannel.builder(path).create(create).open(Codec.utf8()))
                    .isInstanceOf(SharedMemoryException.class).hasMessageContaining("not an ove-channel");
        }
        assertThat(Files.readAllBytes(path)).isEqualTo(content);
    }

    @Test
    void anotherLayoutVersionIsRefused() throws IOException {
        Path path = files.fresh("version");
        SharedMemoryChannel.builder(path).capacity(4).open(Codec.utf8()).close();
        writeInt(path, Layout.VERSION_OFFSET, 2);
        assertThatThrownBy(() -> existing(path).open(Codec.utf8()))
                .isInstanceOf(SharedMemoryException.class)
                .hasMessageContaining("layout version 2").hasMessageContaining("same ove-channel version");
    }

    @Test
    void aCorruptHeaderIsRefused() throws IOException {
        Path path = files.fresh("corrupt");
        SharedMemoryChannel.builder(path).capacity(4).open(Codec.utf8()).close();
        writeInt(path, Layout.SLOT_SIZE_OFFSET, 12345);
        assertThatThrownBy(() -> existing(path).open(Codec.utf8()))
                .isInstanceOf(SharedMemoryException.class).hasMessageContaining("corrupt header");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path path = files.fresh("truncated");
        SharedMemoryChannel.builder(path).capacity(64).maxMessageSize(256).open(Codec.utf8()).close();
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.truncate(Layout.SLOTS_OFFSET + 100);
        }
        assertThatThrownBy(() -> existing(path).open(Codec.utf8()))
                .isInstanceOf(SharedMemoryException.class).hasMessageContaining("truncated");
    }

    @Test
    void aFileTooSmallForAHeaderIsRefusedAfterTheCreatorsGracePeriod() throws IOException {
        Path path = files.fresh("tiny");
        Files.write(path, new byte[100]);
        assertThatThrownBy(() -> existing(path).open(Codec.utf8()))
                .isInstanceOf(SharedMemoryException.class).hasMessageContaining("too small");
    }

    @Test
    void aFileWhoseCreatorNeverFinishedIsReportedAsSuch() throws IOException {
        Path path = files.fresh("unready");
        Files.write(path, new byte[Layout.SLOTS_OFFSET]); // sized, but `ready` never became 1
        assertThatThrownBy(() -> existing(path).open(Codec.utf8()))
                .isInstanceOf(SharedMemoryException.class).hasMessageContaining("never became ready");
    }

    @Test
    void aShapeMismatchNamesBothShapes() {
        Path path = files.fresh("shape");
        try (SharedMemoryChannel<String> first = SharedMemoryChannel.builder(path).capacity(4).open(Codec.utf8())) {
            // Another process would see this; within one JVM the attachment is shared, and checked too.
            assertThatThrownBy(() -> SharedMemoryChannel.builder(path).maxMessageSize(99).open(Codec.utf8()))
                    .isInstanceOf(SharedMemoryException.class).hasMessageContaining("max message size 1024");
        }
    }

    @Test
    void aDirectoryThatDoesNotExistIsNamed() {
        Path path = files.fresh("nodir").resolveSibling("no-such-directory-" + System.nanoTime()).resolve("chan");
        assertThatThrownBy(() -> SharedMemoryChannel.builder(path).open(Codec.utf8()))
                .isInstanceOf(SharedMemoryException.class).hasMessageContaining("directory does not exist");
    }

    @Test
    void aFileOfAnotherUserIsRefusedWithPermissionDenied(@TempDir Path classes) throws Exception {
        Path path = files.fresh("private");
        SharedMemoryChannel.builder(path).capacity(4).open(Codec.utf8()).close(); // mode 0600, this user's
        List<String> command = JavaPeer.command("open", path.toString());
        if (ProcessHandle.current().info().user().orElse("").equals("root")) {
            // Root reads every file: drop to an unprivileged user to see the refusal others get.
            Files.setPosixFilePermissions(classes, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            command = new java.util.ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups"));
            command.addAll(JavaPeer.commandReadableByAll(classes, "open", path.toString()));
        } else {
            Files.setPosixFilePermissions(path, java.util.Set.of());
        }
        try (PeerProcess other = PeerProcess.start("another user", command)) {
            assertThat(other.await("ERROR", Duration.ofSeconds(30))).contains("permission denied")
                    .contains(path.toString());
        }
    }

    private static void writeInt(Path path, int offset, int value) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), offset);
        }
    }
}
