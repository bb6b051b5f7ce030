using System.Buffers.Binary;
using System.IO.Compression;

namespace VeloGrad.Training.Data;

/// <summary>The IDX format of (Fashion-)MNIST: magic 0x0000_08_DD (unsigned bytes, DD dimensions), big-endian
/// dimension sizes, then the data; read plain or gzipped.</summary>
internal static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    public static (int[] Dimensions, byte[] Data) Read(string path, int expectedDimensions)
    {
        byte[] bytes;
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"'{path}' is not a valid gzip file ({e.Message}); replace it with an intact copy.", e);
        }

        int header = 4 + 4 * expectedDimensions;
        if (bytes.Length < header)
            throw new DatasetException($"'{path}' holds {Counted.Of(bytes.Length, "byte")}, fewer than the {header} of an IDX header: it is truncated or not an IDX file; replace it with an intact copy.");
        if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != UnsignedByteType || bytes[3] != expectedDimensions)
            throw new DatasetException($"'{path}' has IDX magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}; expected 0x000008{expectedDimensions:X2} (unsigned bytes, {expectedDimensions} dimensions). Is it the right file?");
        var dimensions = Enumerable.Range(0, expectedDimensions).Select(i => checked((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i)))).ToArray();
        long size = dimensions.Aggregate(1L, (a, d) => a * d);
        if (bytes.Length - header != size)
            throw new DatasetException($"'{path}' is truncated or padded: its header announces {size:N0} bytes of data [{string.Join(" × ", dimensions)}] but {bytes.Length - header:N0} follow.");
        return (dimensions, bytes[header..]);
    }
}
