using System.CommandLine;
using System.Runtime.InteropServices;
using VeloGrad.Runtime;
using static TorchSharp.torch;

namespace VeloGrad.Cli.Commands;

/// <summary><c>velograd info</c>: what this installation runs on.</summary>
internal static class InfoCommand
{
    public static Command Build()
    {
        var command = new Command("info", "Show versions, the torch backend, threads, CUDA and the memory allocator of this machine.");
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"velograd         {typeof(VeloGradOptimizer).Assembly.GetName().Version}");
            o.WriteLine($".NET             {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})");
            o.WriteLine($"TorchSharp       {typeof(TorchSharp.torch).Assembly.GetName().Version} (built for libtorch {LibTorch.BuiltFor})");
            o.WriteLine($"libtorch threads {get_num_threads()} (of {Environment.ProcessorCount} logical cores)");
            o.WriteLine($"CUDA             {(cuda.is_available() ? $"available, {cuda.device_count()} device(s)" : "not available")}");
            o.WriteLine($"libtorch         {(LibTorch.Loaded() is var (version, folder) ? $"{version} from {folder}"
                : LibTorch.LoadedFolder() is { } unversioned ? $"version not known (no version file beside it) from {unversioned}" : "not loaded")}");
            if (LibTorch.VersionWarning() is { } warning) o.WriteLine($"warning: {warning}");
            var allocator = NativeAllocator.Current;
            o.WriteLine($"allocator        {allocator}{(allocator.Fragments ? " — fragments under libtorch (glibc before 2.38); install libmimalloc2.0" : "")}");
            return 0;
        });
        return command;
    }
}
