using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace VeloGrad.Runtime;

/// <summary>
/// Which libtorch this process runs on. By default TorchSharp's own natives (a NuGet package per backend); on a
/// machine that has PyTorch, its libtorch (CUDA included) can serve instead: set <see cref="FolderVariable"/> to
/// its <c>torch/lib</c> folder, or to <c>python</c> to ask <c>python3</c> where PyTorch is, and call
/// <see cref="UseConfiguredFolder"/> at start-up, before the first tensor (the velograd command does). Build with
/// <c>-p:TorchBackend=external</c> to leave TorchSharp's natives out altogether. TorchSharp is built against one
/// libtorch version (<see cref="BuiltFor"/>); <see cref="VersionWarning"/> says when another one is loaded.
/// </summary>
public static partial class LibTorch
{
    /// <summary>The environment variable naming the folder of an installed libtorch (or <c>python</c>).</summary>
    public const string FolderVariable = "VELOGRAD_TORCH_LIB";

    /// <summary>The libtorch version TorchSharp was built for (its natives package's version, e.g. 2.10.0).</summary>
    public static string BuiltFor => string.Join('.', (BuiltForConstant ?? TorchSharp.torch.__version__).Split('.').Take(3));

    /// <summary>TorchSharp's own record of it, read without touching <c>torch</c>'s members: their first use loads
    /// the natives, and the version must be known before that (<see cref="UseConfiguredFolder"/>). Null should a
    /// TorchSharp release rename the constant; the check before loading is then skipped.</summary>
    private static string? BuiltForConstant =>
        typeof(TorchSharp.torch).GetField("libtorchPackageVersion", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)?.GetRawConstantValue() as string;

    /// <summary>Loads libtorch from the folder that <see cref="FolderVariable"/> names, before TorchSharp's bridge
    /// asks for it (the loader then binds the bridge to these libraries). Returns the folder, or null when the
    /// variable is not set.</summary>
    /// <exception cref="InvalidOperationException">The folder (or PyTorch) cannot be found, or holds no libtorch.</exception>
    public static string? UseConfiguredFolder()
    {
        string? setting = Environment.GetEnvironmentVariable(FolderVariable);
        if (string.IsNullOrWhiteSpace(setting)) return null;
        string folder = setting.Trim() == "python" ? PythonTorchFolder() : setting.Trim();
        string cpu = Path.Combine(folder, LibraryName("torch_cpu"));
        if (!File.Exists(cpu))
            throw new InvalidOperationException($"{FolderVariable}={setting}: '{folder}' holds no {LibraryName("torch_cpu")}. Point it at the lib folder of a libtorch or PyTorch installation (e.g. .../site-packages/torch/lib), or unset it to use TorchSharp's own natives.");
        // Checked before loading: TorchSharp's bridge, bound to an older libtorch, crashes the process rather than failing.
        if (BuiltForConstant is not null && (VersionBeside(folder) ?? SonameVersion(cpu)) is { } version && CannotWork(version))
            throw new InvalidOperationException($"{FolderVariable}={setting}: '{folder}' holds libtorch {version}, but TorchSharp {TorchSharpVersion} was built for libtorch {BuiltFor} and needs {MajorMinor(BuiltFor)} or a later {BuiltFor.Split('.')[0]}.x: its bridge calls functions an older libtorch does not have. Point it at a PyTorch {MajorMinor(BuiltFor)} or later installation's torch/lib, or unset it to use TorchSharp's own natives.");
        // In dependency order; the CUDA libraries only where the installation has them.
        foreach (string name in new[] { "c10", "c10_cuda", "torch_cpu", "torch_cuda", "torch" })
        {
            string path = Path.Combine(folder, LibraryName(name));
            if (File.Exists(path)) NativeLibrary.Load(path);
        }
        return folder;
    }

    /// <summary>The loaded libtorch's version and folder, read from the installation beside the loaded library
    /// (PyTorch's <c>torch/version.py</c>, libtorch's <c>build-version</c>, or a NuGet package folder's name);
    /// null when no libtorch is loaded yet or its version cannot be told.</summary>
    public static (string Version, string Folder)? Loaded()
    {
        if (LoadedFolder() is not { } folder) return null;
        string? version = VersionBeside(folder);
        return version is null ? null : (version, folder);
    }

    /// <summary>The folder of the loaded libtorch (its <c>torch_cpu</c> library), whether or not its version can be told;
    /// null when none is loaded yet.</summary>
    public static string? LoadedFolder() => LoadedLibraryPath("torch_cpu") is { } library ? Path.GetDirectoryName(library) : null;

    /// <summary>A sentence naming both versions when the loaded libtorch is not the one TorchSharp was built for
    /// (major.minor differ); null when they agree or the loaded version cannot be told.</summary>
    public static string? VersionWarning()
    {
        if (Loaded() is not var (version, folder)) return null;
        if (MajorMinor(version) == MajorMinor(BuiltFor)) return null;
        return $"libtorch {version} is loaded (from {folder}), but TorchSharp {TorchSharpVersion} was built for libtorch {BuiltFor}. " +
            $"Most operations are unchanged between versions, but one whose signature changed fails when called. If something fails, use a PyTorch {MajorMinor(BuiltFor)} installation, or TorchSharp's own natives (unset {FolderVariable}).";
    }

    /// <summary><see cref="VersionWarning"/> the first time a process asks, null after: for programs that would
    /// otherwise say it once per run.</summary>


    internal static string? VersionBeside(string folder)
    {
        string? parent = Path.GetDirectoryName(folder);
        if (parent is not null && File.Exists(Path.Combine(parent, "version.py")))
        {
            var match = PyTorchVersion().Match(File.ReadAllText(Path.Combine(parent, "version.py")));
            if (match.Success) return match.Groups[1].Value;
        }
        if (parent is not null && File.Exists(Path.Combine(parent, "build-version")))
            return File.ReadAllText(Path.Combine(parent, "build-version")).Trim();
        // NuGet: .../libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native
        var nuget = NuGetVersion().Match(folder.Replace('\\', '/'));
        return nuget.Success ? nuget.Groups[1].Value : null;
    }

    private static string? TorchSharpVersion => typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3);

    /// <summary>Whether a libtorch of <paramref name="version"/> cannot serve TorchSharp's bridge: another major
    /// version, or an older minor one (a later minor one has run: PyTorch 2.11 under TorchSharp built for 2.10).</summary>
    internal static bool CannotWork(string version)
    {
        static (int Major, int Minor)? Parse(string v) =>
            MajorMinor(v).Split('.') is [var a, var b] && int.TryParse(a, out int major) && int.TryParse(new string(b.TakeWhile(char.IsDigit).ToArray()), out int minor)
                ? (major, minor) : null;
        if (Parse(version) is not var (major, minor) || Parse(BuiltFor) is not var (builtMajor, builtMinor)) return false;
        return major != builtMajor || minor < builtMinor;
    }

    /// <summary>The version in the file name a library's links end at (Debian's libtorch_cpu.so → libtorch_cpu.so.1.13.0).</summary>
    internal static string? SonameVersion(string library)
    {
        string target;
        try
        {
            target = File.ResolveLinkTarget(library, returnFinalTarget: true)?.FullName ?? library;
        }
        catch (IOException)
        {
            return null;
        }
        var match = SonameSuffix().Match(Path.GetFileName(target));
        return match.Success ? match.Groups[1].Value : null;
    }

    internal static string MajorMinor(string version)
    {
        var parts = version.Split('.', '+');
        return parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : version;
    }

    private static string LibraryName(string name) =>
        OperatingSystem.IsWindows() ? $"{name}.dll" : OperatingSystem.IsMacOS() ? $"lib{name}.dylib" : $"lib{name}.so";

    /// <summary>Where libtorch's shared library <paramref name="name"/> (torch_cpu, …) is mapped in this process
    /// (Linux), or null.</summary>
    internal static string? LoadedLibrary(string name) => LoadedLibraryPath(name);

    /// <summary>Where a shared library of that name is mapped in this process (Linux), or null.</summary>
    private static string? LoadedLibraryPath(string name)
    {
        string file = "/" + LibraryName(name);
        return MappedLibraries.Paths().FirstOrDefault(path => path.EndsWith(file, StringComparison.Ordinal));
    }

    private static string PythonTorchFolder()
    {
        var start = new ProcessStartInfo("python3", ["-c", "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd().Trim();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0 && Directory.Exists(output)) return output;
            throw new InvalidOperationException($"{FolderVariable}=python: python3 could not import torch ({error.Trim().Split('\n')[^1]}). Install PyTorch for python3, or set {FolderVariable} to a torch/lib folder.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{FolderVariable}=python: there is no python3 on the PATH. Set {FolderVariable} to a torch/lib folder instead.");
        }
    }

    [GeneratedRegex(@"\.so\.(\d+\.\d+(?:\.\d+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex SonameSuffix();

    [GeneratedRegex(@"__version__\s*=\s*['""]([^'""]+)['""]", RegexOptions.CultureInvariant)]
    private static partial Regex PyTorchVersion();

    [GeneratedRegex(@"/libtorch-[a-z0-9.-]+/(\d+\.\d+\.\d+[^/]*)/runtimes/", RegexOptions.CultureInvariant)]
    private static partial Regex NuGetVersion();
}
