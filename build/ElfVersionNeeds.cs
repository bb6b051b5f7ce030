// Makes libtorch's native bridge load on systems whose libstdc++ is older than the one it was linked against.
//
// libLibTorchSharp.so (TorchSharp 0.107) lists GLIBCXX_3.4.32 (GCC 13) among its version needs, for a symbol
// that no relocation uses. The dynamic loader still refuses the whole library when the system's libstdc++ lacks
// that version (Debian 12 ships 3.4.30). A version need marked VER_FLG_WEAK only produces a warning, so marking
// the needs that the system cannot satisfy *and* that nothing binds to is safe and makes the library load.
//
// It also mends a mismatched delete in the same library (TorchSharpArrayDelete below): what TorchScript calls are
// given and return is held in arrays made with new[] and freed with a sized single-object delete of 24 bytes, which
// allocators that trust the size (jemalloc, tcmalloc) file as a 24-byte block: the heap is corrupted, and a later
// free crashes. The free is pointed at operator delete[], its counterpart.
//
// This file is compiled two ways: by MSBuild's RoslynCodeTaskFactory as the task RepairTorchSharpBridge
// (build/TorchSharpNatives.targets), and into the tests with ELF_VERSION_NEEDS_TESTS defined (no MSBuild types).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace VeloGrad.Build
{
    /// <summary>One version that a shared library needs from another (an entry of .gnu.version_r).</summary>
    public sealed class VersionNeed
    {
        public VersionNeed(string file, string version, ushort index, ushort flags, long flagsOffset)
        {
            File = file; Version = version; Index = index; Flags = flags; FlagsOffset = flagsOffset;
        }

        public string File { get; }
        public string Version { get; }
        /// <summary>The version index that .gnu.version assigns to symbols bound to this need.</summary>
        public ushort Index { get; }
        public ushort Flags { get; }
        /// <summary>Where vna_flags lies in the file.</summary>
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & ElfFile.VerFlagWeak) != 0;
    }

    /// <summary>What <see cref="ElfVersionNeeds.WeakenUnsatisfied"/> found and did.</summary>
    public sealed class WeakenReport
    {
        public List<VersionNeed> Weakened { get; } = new List<VersionNeed>();
        public List<VersionNeed> AlreadyWeak { get; } = new List<VersionNeed>();
        /// <summary>Needs the system lacks that symbols really bind to: the library cannot load here.</summary>
        public List<VersionNeed> UnsatisfiableBound { get; } = new List<VersionNeed>();
    }

    /// <summary>A minimal little-endian ELF64 reader: sections, string tables, symbol versions, relocations.</summary>
    public sealed class ElfFile
    {
        public const ushort VerFlagWeak = 0x2;
        private const uint ShtRela = 4, ShtRel = 9, ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

        private readonly byte[] _bytes;
        private readonly List<Section> _sections = new List<Section>();

        private sealed class Section
        {
            public uint Name; public uint Type; public long Address; public long Offset; public long Size; public uint Link; public long EntrySize;
        }

        public ElfFile(byte[] bytes, string nameForErrors)
        {
            _bytes = bytes;
            if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
                throw new InvalidDataException($"{nameForErrors} is not an ELF file.");
            if (bytes[4] != 2 || bytes[5] != 1)
                throw new InvalidDataException($"{nameForErrors} is not a little-endian 64-bit ELF file.");
            long shoff = (long)U64(0x28);
            int shentsize = U16(0x3A), shnum = U16(0x3C);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                _sections.Add(new Section
                {
                    Name = U32(h), Type = U32(h + 4), Address = (long)U64(h + 16), Offset = (long)U64(h + 24), Size = (long)U64(h + 32),
                    Link = U32(h + 40), EntrySize = (long)U64(h + 56),
                });
            }
            _sectionNames = shnum > 0 ? _sections[U16(0x3E)].Offset : 0;
        }

        private readonly long _sectionNames;
        private const uint ShtDynsym = 11;
        private const uint RelocJumpSlot = 7;

        /// <summary>The address and size of the dynamic symbol <paramref name="name"/> (a function the library
        /// exports), or null.</summary>
        public (long Address, long Size)? DynamicSymbol(string name)
        {
            foreach (var s in _sections.Where(s => s.Type == ShtDynsym))
            {
                long strtab = _sections[(int)s.Link].Offset;
                for (long e = s.Offset; e + 24 <= s.Offset + s.Size; e += 24)
                    if (U64(e + 8) != 0 && CString(strtab + U32(e)) == name) return ((long)U64(e + 8), (long)U64(e + 16));
            }
            return null;
        }

        /// <summary>The address of the PLT stub through which the library calls the imported function
        /// <paramref name="name"/> (found from its jump-slot relocation), or null.</summary>
        public long? PltStub(string name)
        {
            long? slot = null;
            foreach (var s in _sections.Where(s => s.Type == ShtRela))
            {
                var symbols = _sections[(int)s.Link];
                if (symbols.Type != ShtDynsym) continue;
                long strtab = _sections[(int)symbols.Link].Offset;
                for (long r = s.Offset; r + 24 <= s.Offset + s.Size; r += 24)
                {
                    ulong info = U64(r + 8);
                    if ((info & 0xffffffff) != RelocJumpSlot) continue;
                    long symbol = symbols.Offset + (long)(info >> 32) * 24;
                    if (CString(strtab + U32(symbol)) == name) slot = (long)U64(r);
                }
            }
            if (slot == null) return null;
            // A stub jumps through its GOT slot: jmp *rel32(%rip), ff 25 (with a bnd prefix and endbr64 in .plt.sec).
            foreach (var s in _sections.Where(s => SectionName(s) == ".plt" || SectionName(s) == ".plt.sec"))
                for (long at = s.Offset; at + 6 <= s.Offset + s.Size; at++)
                {
                    if (_bytes[at] != 0xff || _bytes[at + 1] != 0x25) continue;
                    long address = s.Address + (at - s.Offset);
                    if (address + 6 + BitConverter.ToInt32(_bytes, checked((int)at + 2)) == slot)
                        return s.Address + (address - s.Address) / 16 * 16; // stubs are 16-byte entries
                }
            return null;
        }

        /// <summary>Where the code at <paramref name="address"/> lies in the file, or null.</summary>
        public long? FileOffset(long address)
        {
            var s = _sections.FirstOrDefault(x => x.Address != 0 && address >= x.Address && address < x.Address + x.Size);
            return s == null ? (long?)null : s.Offset + (address - s.Address);
        }

        private string SectionName(Section s) => CString(_sectionNames + s.Name);

        public static ElfFile Load(string path) => new ElfFile(System.IO.File.ReadAllBytes(path), path);

        public byte[] Bytes => _bytes;

        /// <summary>Every entry of .gnu.version_r.</summary>
        public List<VersionNeed> VersionNeeds()
        {
            var needs = new List<VersionNeed>();
            foreach (var s in _sections.Where(s => s.Type == ShtGnuVerneed))
            {
                long strtab = _sections[(int)s.Link].Offset;
                long vn = s.Offset;
                while (true)
                {
                    int count = U16(vn + 2);
                    string file = CString(strtab + U32(vn + 4));
                    long aux = vn + U32(vn + 8);
                    for (int i = 0; i < count; i++)
                    {
                        needs.Add(new VersionNeed(file, CString(strtab + U32(aux + 8)), (ushort)(U16(aux + 6) & 0x7fff), U16(aux + 4), aux + 4));
                        uint nextAux = U32(aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(vn + 12);
                    if (next == 0) break;
                    vn += next;
                }
            }
            return needs;
        }

        /// <summary>Every version that .gnu.version_d defines (what a library offers to others).</summary>
        public HashSet<string> DefinedVersions()
        {
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in _sections.Where(s => s.Type == ShtGnuVerdef))
            {
                long strtab = _sections[(int)s.Link].Offset;
                long vd = s.Offset;
                while (true)
                {
                    long aux = vd + U32(vd + 12);
                    defined.Add(CString(strtab + U32(aux)));
                    uint next = U32(vd + 16);
                    if (next == 0) break;
                    vd += next;
                }
            }
            return defined;
        }

        /// <summary>The version indices of every dynamic symbol that some relocation refers to.</summary>
        public HashSet<ushort> VersionIndicesBoundByRelocations()
        {
            var versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
            var bound = new HashSet<ushort>();
            if (versym == null) return bound;
            foreach (var s in _sections.Where(s => s.Type == ShtRela || s.Type == ShtRel))
            {
                long entry = s.EntrySize != 0 ? s.EntrySize : (s.Type == ShtRela ? 24 : 16);
                for (long r = s.Offset; r + entry <= s.Offset + s.Size; r += entry)
                {
                    long symbol = (long)(U64(r + 8) >> 32);
                    if (symbol == 0 || symbol * 2 >= versym.Size) continue;
                    bound.Add((ushort)(U16(versym.Offset + symbol * 2) & 0x7fff));
                }
            }
            return bound;
        }

        private ushort U16(long at) => BitConverter.ToUInt16(_bytes, checked((int)at));
        private uint U32(long at) => BitConverter.ToUInt32(_bytes, checked((int)at));
        private ulong U64(long at) => BitConverter.ToUInt64(_bytes, checked((int)at));

        private string CString(long at)
        {
            int start = checked((int)at), end = start;
            while (_bytes[end] != 0) end++;
            return Encoding.ASCII.GetString(_bytes, start, end - start);
        }
    }

    public static class ElfVersionNeeds
    {
        /// <summary>Folders the dynamic loader searches for system libraries on common Linux layouts.</summary>
        public static readonly string[] SystemLibraryFolders =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };

        /// <summary>Finds the library the loader would use for <paramref name="soname"/>: beside the needing
        /// library first (packages ship their own), then LD_LIBRARY_PATH, then the system folders.</summary>
        public static string? LocateProvider(string soname, string needingLibraryPath)
        {
            var folders = new List<string> { Path.GetDirectoryName(Path.GetFullPath(needingLibraryPath)) ?? "." };
            folders.AddRange((Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
                .Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries));
            folders.AddRange(SystemLibraryFolders);
            return folders.Select(f => Path.Combine(f, soname)).FirstOrDefault(System.IO.File.Exists);
        }

        /// <summary>Marks weak every version need of the library at <paramref name="path"/> that its provider
        /// lacks and that no relocation binds to; rewrites the file only if something changed.</summary>
        public static WeakenReport WeakenUnsatisfied(string path, Func<string, string?> locateProvider)
        {
            var elf = ElfFile.Load(path);
            var report = new WeakenReport();
            var bound = elf.VersionIndicesBoundByRelocations();
            var providerVersions = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
            foreach (var need in elf.VersionNeeds())
            {
                if (!providerVersions.TryGetValue(need.File, out var offered))
                {
                    var provider = locateProvider(need.File);
                    offered = provider == null ? null : ElfFile.Load(provider).DefinedVersions();
                    providerVersions[need.File] = offered;
                }
                if (offered == null || offered.Contains(need.Version)) continue;
                if (need.IsWeak) report.AlreadyWeak.Add(need);
                else if (bound.Contains(need.Index)) report.UnsatisfiableBound.Add(need);
                else
                {
                    var flags = (ushort)(need.Flags | ElfFile.VerFlagWeak);
                    elf.Bytes[need.FlagsOffset] = (byte)(flags & 0xff);
                    elf.Bytes[need.FlagsOffset + 1] = (byte)(flags >> 8);
                    report.Weakened.Add(need);
                }
            }
            if (report.Weakened.Count > 0) WriteAtomically(path, elf.Bytes);
            return report;
        }

        internal static void WriteAtomically(string path, byte[] bytes)
        {
            // Copy first so the temporary keeps the original's permissions, then swap it in by rename.
            string temporary = path + ".patching";
            System.IO.File.Copy(path, temporary, overwrite: true);
            System.IO.File.WriteAllBytes(temporary, bytes);
            System.IO.File.Replace(temporary, path, destinationBackupFileName: null);
        }
    }

    /// <summary>What <see cref="TorchSharpArrayDelete.Repair"/> found.</summary>
    public enum ArrayDeleteRepair
    {
        /// <summary>The free was the mismatched sized delete, and now calls operator delete[].</summary>
        Repaired,
        /// <summary>It already calls operator delete[] (repaired before, or fixed upstream).</summary>
        AlreadyRepaired,
        /// <summary>Its code is not the one this repair knows (another TorchSharp build): left as it is.</summary>
        Unrecognised,
    }

    /// <summary>
    /// TorchSharp 0.107's THSJIT_FreeTensorOrScalarArray frees an array made by THSJIT_AllocateTensorOrScalarArray
    /// with <c>new TensorOrScalar[n]</c> through <c>operator delete(void*, 24)</c>. glibc ignores the size; jemalloc
    /// and tcmalloc trust it and corrupt their heap (Adam's and SGD's TorchScript steps crashed there in most runs,
    /// tcmalloc's debug build names the mismatch). The function is <c>test rdi; je ret; mov $24, esi; jmp
    /// _ZdlPvm@plt; ret</c>: its jump is pointed at _ZdaPv@plt, operator delete[](void*), which the library imports.
    /// </summary>
    public static class TorchSharpArrayDelete
    {
        public const string Function = "THSJIT_FreeTensorOrScalarArray", SizedDelete = "_ZdlPvm", ArrayDelete = "_ZdaPv";

        private static readonly byte[] Prologue = { 0x48, 0x85, 0xff, 0x74, 0x0a, 0xbe, 0x18, 0x00, 0x00, 0x00, 0xe9 };

        /// <summary>The free's jump in <paramref name="elf"/>: where its displacement lies in the file, the address it
        /// jumps to, and the stubs of the two deletes; null where the function is not the one this repair knows.</summary>
        public static FreeJump? Find(ElfFile elf)
        {
            if (elf == null) throw new ArgumentNullException(nameof(elf));
            var function = elf.DynamicSymbol(Function);
            long? sized = elf.PltStub(SizedDelete), array = elf.PltStub(ArrayDelete);
            if (function == null || sized == null || array == null || function.Value.Size != Prologue.Length + 5) return null;
            long? at = elf.FileOffset(function.Value.Address);
            if (at == null) return null;
            int start = checked((int)at.Value);
            // A loop, not Span.SequenceEqual: MSBuild's task factory compiles this file against netstandard without System.Memory.
            for (int i = 0; i < Prologue.Length; i++)
                if (elf.Bytes[start + i] != Prologue[i]) return null;
            int displacement = start + Prologue.Length;
            long next = function.Value.Address + Prologue.Length + 4; // the address after the jump's rel32
            return new FreeJump(displacement, next, next + BitConverter.ToInt32(elf.Bytes, displacement), sized.Value, array.Value);
        }

        /// <summary>Repairs the library at <paramref name="path"/> in place (through a renamed copy) when its free is the
        /// mismatched one; reads only, otherwise.</summary>
        public static ArrayDeleteRepair Repair(string path)
        {
            var elf = ElfFile.Load(path);
            var jump = Find(elf);
            if (jump == null) return ArrayDeleteRepair.Unrecognised;
            if (jump.Target == jump.ArrayDelete) return ArrayDeleteRepair.AlreadyRepaired;
            if (jump.Target != jump.SizedDelete) return ArrayDeleteRepair.Unrecognised;
            BitConverter.GetBytes(checked((int)(jump.ArrayDelete - jump.Next))).CopyTo(elf.Bytes, jump.DisplacementOffset);
            ElfVersionNeeds.WriteAtomically(path, elf.Bytes);
            return ArrayDeleteRepair.Repaired;
        }
    }

    /// <summary>The jump that ends the free (<see cref="TorchSharpArrayDelete.Find"/>): the file offset of its rel32, the
    /// address after it, where it goes, and the addresses of the sized delete's and delete[]'s stubs.</summary>
    public sealed class FreeJump
    {
        public FreeJump(int displacementOffset, long next, long target, long sizedDelete, long arrayDelete)
        {
            DisplacementOffset = displacementOffset; Next = next; Target = target; SizedDelete = sizedDelete; ArrayDelete = arrayDelete;
        }

        public int DisplacementOffset { get; }
        public long Next { get; }
        public long Target { get; }
        public long SizedDelete { get; }
        public long ArrayDelete { get; }
    }

#if !ELF_VERSION_NEEDS_TESTS
    /// <summary>MSBuild task: weakens the unsatisfiable, unbound version needs of the given libraries, and mends their
    /// mismatched array delete.</summary>
    public class RepairTorchSharpBridge : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        public override bool Execute()
        {
            foreach (var item in Libraries)
            {
                string path = item.ItemSpec;
                WeakenReport report;
                try
                {
                    report = ElfVersionNeeds.WeakenUnsatisfied(path, soname => ElfVersionNeeds.LocateProvider(soname, path));
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException || e is ArgumentOutOfRangeException)
                {
                    Log.LogWarning($"Could not inspect {path} for unsatisfiable version needs: {e.Message}");
                    continue;
                }
                foreach (var need in report.Weakened)
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        $"{Path.GetFileName(path)}: this system's {need.File} lacks {need.Version}, which no symbol binds to; marked that need weak so the library loads.");
                foreach (var need in report.UnsatisfiableBound)
                    Log.LogWarning($"{path} needs {need.Version} from {need.File}, which this system lacks and which symbols bind to: it will not load here. Install a newer {need.File} (GCC 13 or later runtime).");
                try
                {
                    if (TorchSharpArrayDelete.Repair(path) == ArrayDeleteRepair.Repaired)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            $"{Path.GetFileName(path)}: {TorchSharpArrayDelete.Function} freed arrays made with new[] through a sized delete, which corrupts jemalloc's and tcmalloc's heaps; it now calls operator delete[].");
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException || e is ArgumentOutOfRangeException)
                {
                    Log.LogWarning($"Could not inspect {path} for TorchSharp's mismatched array delete: {e.Message}");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
