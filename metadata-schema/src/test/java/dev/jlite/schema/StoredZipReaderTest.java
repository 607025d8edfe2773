package dev.jlite.schema;

import static dev.jlite.schema.ZipBytes.CENTRAL_COMPRESSED_SIZE;
import static dev.jlite.schema.ZipBytes.CENTRAL_FLAGS;
import static dev.jlite.schema.ZipBytes.CENTRAL_LOCAL_OFFSET;
import static dev.jlite.schema.ZipBytes.CENTRAL_METHOD;
import static dev.jlite.schema.ZipBytes.CENTRAL_NAME_LENGTH;
import static dev.jlite.schema.ZipBytes.CENTRAL_SIZE;
import static dev.jlite.schema.ZipBytes.END_COMMENT_LENGTH;
import static dev.jlite.schema.ZipBytes.END_DIRECTORY_OFFSET;
import static dev.jlite.schema.ZipBytes.END_DIRECTORY_SIZE;
import static dev.jlite.schema.ZipBytes.END_DISK;
import static dev.jlite.schema.ZipBytes.END_ENTRIES;
import static dev.jlite.schema.ZipBytes.END_ENTRIES_ON_DISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Hand-made archives appended to a real model without metadata or archive (304 bytes), read through
 * {@link MetadataExtractor}: well-formed variants are read, every malformation is one {@link
 * InvalidModelException} saying what and where.
 */
class StoredZipReaderTest {
  private static final byte[] MODEL = TestModels.bytes(TestModels.TINY);

  private static ZipBytes twoFiles() {
    return new ZipBytes().add("labels.txt", "cat\ndog\n").add("vocab.txt", "<PAD> 0\nthe 1\n");
  }

  /** The archive with absolute offsets, as Python's zipfile appends it. */
  private static ZipBytes.Layout appended(ZipBytes zip) {
    return zip.build(MODEL.length);
  }

  private static MetadataExtractor read(ZipBytes.Layout zip) {
    return read(zip.bytes());
  }

  private static MetadataExtractor read(byte[] archive) {
    return MetadataExtractor.of(ModelFile.wrap(ByteBuffer.wrap(TestModels.concat(MODEL, archive))));
  }

  private static String text(MetadataExtractor extractor, String name) {
    ByteBuffer file = extractor.associatedFile(name).orElseThrow();
    byte[] bytes = new byte[file.remaining()];
    file.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      ZipBytes.Layout zip) {
    return assertRejected(zip.bytes());
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] archive) {
    return assertThatThrownBy(() -> read(archive))
        .isExactlyInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("model buffer: associated-file zip: ");
  }

  @Test
  void absoluteOffsetsAsPythonAppendsThem() {
    MetadataExtractor extractor = read(appended(twoFiles()));

    assertThat(extractor.associatedFileNames()).containsExactly("labels.txt", "vocab.txt");
    assertThat(text(extractor, "labels.txt")).isEqualTo("cat\ndog\n");
    assertThat(text(extractor, "vocab.txt")).isEqualTo("<PAD> 0\nthe 1\n");
  }

  @Test
  void offsetsRelativeToTheArchiveStart() {
    MetadataExtractor extractor = read(twoFiles().build(0));

    assertThat(text(extractor, "vocab.txt")).isEqualTo("<PAD> 0\nthe 1\n");
  }

  @Test
  void emptyArchiveHasNoFiles() {
    assertThat(read(new ZipBytes().build(MODEL.length)).associatedFileNames()).isEmpty();
  }

  @Test
  void emptyFileAndNamesThatLookLikePathsAreJustKeys() {
    MetadataExtractor extractor = read(appended(
        new ZipBytes().add("empty.txt", "").add("../../etc/passwd", "x").add("dir/é.txt", "y")));

    assertThat(extractor.associatedFileNames())
        .containsExactly("empty.txt", "../../etc/passwd", "dir/é.txt");
    assertThat(extractor.associatedFile("empty.txt").orElseThrow().remaining()).isZero();
    assertThat(text(extractor, "../../etc/passwd")).isEqualTo("x");
    assertThat(extractor.associatedFile("passwd")).isEmpty();
  }

  @Test
  void commentIsAllowedEvenIfItContainsAnEndSignature() {
    byte[] comment = new byte[300];
    Arrays.fill(comment, (byte) 'c');
    comment[100] = 'P';
    comment[101] = 'K';
    comment[102] = 5;
    comment[103] = 6;

    MetadataExtractor extractor = read(appended(twoFiles().comment(comment)));

    assertThat(text(extractor, "labels.txt")).isEqualTo("cat\ndog\n");
  }

  @Test
  void longestCommentIsAllowed() {
    assertThat(read(appended(twoFiles().comment(new byte[0xFFFF]))).associatedFileNames())
        .hasSize(2);
  }

  @Test
  void duplicateNamesLastEntryWins() {
    MetadataExtractor extractor = read(appended(
        new ZipBytes().add("labels.txt", "old").add("other.txt", "o").add("labels.txt", "new")));

    assertThat(extractor.associatedFileNames()).containsExactly("labels.txt", "other.txt");
    assertThat(text(extractor, "labels.txt")).isEqualTo("new");
  }

  @Test
  void entryDataPastTheEndOfTheFile() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.central()[1] + CENTRAL_COMPRESSED_SIZE, 1_000_000)
        .u32(zip.central()[1] + CENTRAL_SIZE, 1_000_000);

    assertRejected(zip)
        .hasMessageContaining("entry \"vocab.txt\"")
        .hasMessageContaining("1000000 bytes of data at file offset")
        .hasMessageContaining("run past the end of the file");
  }

  @Test
  void entryDataIntoTheCentralDirectory() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.central()[1] + CENTRAL_COMPRESSED_SIZE, 20)
        .u32(zip.central()[1] + CENTRAL_SIZE, 20);

    assertRejected(zip)
        .hasMessageContaining("entry \"vocab.txt\"")
        .hasMessageContaining("overlap the central directory at " + (MODEL.length + zip.directory()));
  }

  @Test
  void overlappingEntries() {
    ZipBytes.Layout zip = appended(twoFiles());
    // labels.txt now claims 8 more bytes: the start of vocab.txt's local header.
    zip.u32(zip.central()[0] + CENTRAL_COMPRESSED_SIZE, 16)
        .u32(zip.central()[0] + CENTRAL_SIZE, 16);

    assertRejected(zip)
        .hasMessageContaining("entries \"labels.txt\"")
        .hasMessageContaining("and \"vocab.txt\"")
        .hasMessageContaining("overlap");
  }

  @Test
  void twoEntriesSharingOneLocalHeader() {
    ZipBytes.Layout zip = appended(new ZipBytes().add("a", "1").add("a", "2"));
    zip.u32(zip.central()[1] + CENTRAL_LOCAL_OFFSET, MODEL.length + zip.local()[0]);

    assertRejected(zip).hasMessageContaining("entries \"a\"").hasMessageContaining("overlap");
  }

  @Test
  void compressedEntry() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u16(zip.central()[0] + CENTRAL_METHOD, 8);

    assertRejected(zip)
        .hasMessageContaining("entry \"labels.txt\"")
        .hasMessageContaining("is compressed (method 8)");
  }

  @Test
  void storedEntryWhoseSizesDisagree() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.central()[0] + CENTRAL_SIZE, 100);

    assertRejected(zip)
        .hasMessageContaining("entry \"labels.txt\"")
        .hasMessageContaining("compressed size 8 differs from its size 100");
  }

  @Test
  void encryptedEntry() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u16(zip.central()[1] + CENTRAL_FLAGS, 1);

    assertRejected(zip).hasMessageContaining("entry \"vocab.txt\"").hasMessageContaining("encrypted");
  }

  @Test
  void badLocalHeaderSignature() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.local()[1], 0x12345678);

    assertRejected(zip)
        .hasMessageContaining("entry \"vocab.txt\"")
        .hasMessageContaining("no local header signature at file offset "
            + (MODEL.length + zip.local()[1]));
  }

  @Test
  void localHeaderNamingAnotherFile() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.bytes()[zip.local()[0] + 30] = 'L';

    assertRejected(zip)
        .hasMessageContaining("entry \"labels.txt\"")
        .hasMessageContaining("names a different file");
  }

  @Test
  void localHeaderOffsetPastTheArchive() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.central()[0] + CENTRAL_LOCAL_OFFSET, 0x7FFF_0000L);

    assertRejected(zip)
        .hasMessageContaining("entry \"labels.txt\"")
        .hasMessageContaining("does not lie before the central directory");
  }

  @Test
  void localHeaderOffsetIntoTheModel() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.central()[0] + CENTRAL_LOCAL_OFFSET, 0);

    assertRejected(zip)
        .hasMessageContaining("entry \"labels.txt\"")
        .hasMessageContaining("no local header signature at file offset 0");
  }

  @Test
  void hugeNameLength() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u16(zip.central()[0] + CENTRAL_NAME_LENGTH, 0xFFFF);

    assertRejected(zip)
        .hasMessageContaining("central directory record 0 at file offset "
            + (MODEL.length + zip.central()[0]))
        .hasMessageContaining("65535 + 0 + 0 bytes")
        .hasMessageContaining("run past the end of the central directory");
  }

  @Test
  void nameThatIsNotUtf8() {
    ZipBytes.Layout zip = appended(new ZipBytes().add(new byte[] {'a', (byte) 0xFF}, new byte[1]));

    assertRejected(zip).hasMessageContaining("central directory record 0")
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void badCentralHeaderSignature() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.central()[1], 0x04034b50);

    assertRejected(zip)
        .hasMessageContaining("central directory record 1")
        .hasMessageContaining("no central header signature (found 0x4034b50)");
  }

  @Test
  void truncatedEndRecord() {
    byte[] zip = appended(twoFiles()).bytes();

    assertRejected(Arrays.copyOf(zip, zip.length - 5))
        .hasMessageContaining("end-of-central-directory record at offset")
        .hasMessageContaining("is truncated: 17 of 22 bytes");
  }

  @Test
  void commentLengthReachingPastTheEnd() {
    ZipBytes.Layout zip = appended(twoFiles().comment(new byte[10]));
    zip.u16(zip.end() + END_COMMENT_LENGTH, 11);

    assertRejected(zip).hasMessageContaining("announces a comment of 11 bytes, but 10 bytes follow");
  }

  @Test
  void zip64MarkersInTheEndRecord() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.end() + END_DIRECTORY_OFFSET, 0xFFFF_FFFFL);

    assertRejected(zip).hasMessageContaining("Zip64 markers")
        .hasMessageContaining("Zip64 archives are not supported");
  }

  @Test
  void zip64EntryCountMarker() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u16(zip.end() + END_ENTRIES, 0xFFFF).u16(zip.end() + END_ENTRIES_ON_DISK, 0xFFFF);

    assertRejected(zip).hasMessageContaining("Zip64");
  }

  @Test
  void zip64MarkersInAnEntry() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.central()[0] + CENTRAL_LOCAL_OFFSET, 0xFFFF_FFFFL);

    assertRejected(zip).hasMessageContaining("entry \"labels.txt\"")
        .hasMessageContaining("Zip64 markers");
  }

  @Test
  void zip64Locator() {
    ZipBytes.Layout zip = appended(twoFiles());
    // Turn the last 20 bytes of the central directory into what a Zip64 locator starts with.
    zip.u32(zip.end() - 20, 0x07064b50);

    assertRejected(zip).hasMessageContaining("Zip64 end-of-central-directory locator");
  }

  @Test
  void multiDiskArchive() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u16(zip.end() + END_DISK, 1);

    assertRejected(zip).hasMessageContaining("multi-disk archive (disk 1");
  }

  @Test
  void centralDirectoryOffsetPastTheEnd() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.end() + END_DIRECTORY_OFFSET, 50_000);

    assertRejected(zip)
        .hasMessageContaining("central directory offset 50000 lies past where the directory of "
            + (zip.end() - zip.directory()) + " bytes can start");
  }

  @Test
  void centralDirectoryLargerThanTheFile() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u32(zip.end() + END_DIRECTORY_SIZE, 0x7000_0000L);

    assertRejected(zip).hasMessageContaining("central directory size 1879048192 exceeds the");
  }

  @Test
  void entryCountThatCannotFit() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u16(zip.end() + END_ENTRIES, 1000).u16(zip.end() + END_ENTRIES_ON_DISK, 1000);

    assertRejected(zip).hasMessageContaining("1000 entries cannot fit in a central directory of");
  }

  @Test
  void entryHiddenBehindTheEntryCount() {
    ZipBytes.Layout zip = appended(twoFiles());
    zip.u16(zip.end() + END_ENTRIES, 1).u16(zip.end() + END_ENTRIES_ON_DISK, 1);

    assertRejected(zip).hasMessageContaining("unaccounted bytes").hasMessageContaining("after its 1 entries");
  }

  @Test
  void nothingThatLooksLikeAnArchiveMeansNoFiles() {
    byte[] trailer = "not a zip, just trailing bytes".getBytes(StandardCharsets.US_ASCII);

    assertThat(read(trailer).associatedFileNames()).isEmpty();
  }
}
