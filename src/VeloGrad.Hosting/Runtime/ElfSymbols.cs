using System.Buffers.Binary;

namespace VeloGrad.Runtime;

/// <summary>The dynamic symbols a 64-bit little-endian ELF shared library defines (its .dynsym entries with a section):
/// enough to tell an allocator (it defines malloc and free) from any other loadable library.</summary>
internal static class ElfSymbols
{
    private const uint DynamicSymbols = 11; // SHT_DYNSYM

    /// <summary>Whether <paramref name="path"/> defines every one of <paramref name="symbols"/>; null when it is not a
    /// 64-bit little-endian ELF file or cannot be read (the loader then says what is wrong with it).</summary>
    public static bool? DefinesAll(string path, params string[] symbols)
    {
        byte[] elf;
        try { elf = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1) return null;
        try
        {
            var span = elf.AsSpan();
            long sectionsAt = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
            int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]), count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
            ReadOnlySpan<byte> Section(int i) => elf.AsSpan(checked((int)(sectionsAt + (long)i * entrySize)), 64);
            for (int i = 0; i < count; i++)
            {
                var header = Section(i);
                if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != DynamicSymbols) continue;
                int symbolsAt = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
                int symbolsSize = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]));
                int symbolSize = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x38..]));
                var strings = Section((int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]));
                int stringsAt = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strings[0x18..]));
                var missing = new HashSet<string>(symbols, StringComparer.Ordinal);
                for (int at = symbolsAt; at + symbolSize <= symbolsAt + symbolsSize && missing.Count > 0; at += symbolSize)
                {
                    var entry = span.Slice(at, symbolSize);
                    if (BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]) == 0) continue; // undefined: imported, not defined
                    var name = span[(stringsAt + (int)BinaryPrimitives.ReadUInt32LittleEndian(entry))..];
                    missing.Remove(System.Text.Encoding.ASCII.GetString(name[..name.IndexOf((byte)0)]));
                }
                return missing.Count == 0;
            }
            return false; // no dynamic symbols: nothing to preload
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException) { return null; } // malformed
    }
}
