using VeloGrad.Cli;
using VeloGrad.Runtime;

// An installed libtorch (VELOGRAD_TORCH_LIB) must be loaded before TorchSharp's bridge looks for one.
try
{
    LibTorch.UseConfiguredFolder();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return ExitCodes.Failure;
}
NativeMemoryTuning.ApplyIfAskedFor(); // opt-in: it can fragment the heap without bound (NativeMemoryTuning)
return VelogradCommandLine.Build().Parse(args).Invoke();
