using VeloGrad.Cli;
using VeloGrad.Runtime;

// First, before libtorch loads: the allocator (this may re-execute the process with a better one preloaded).
try
{
    var allocator = NativeAllocator.Initialize();
    if (allocator.Note is { } note) Console.Error.WriteLine($"warning: {note}.");
    if (allocator.Fragments)
        Console.Error.WriteLine($"warning: {allocator.Name}'s malloc fragments under libtorch's aligned allocations (memory can grow by gigabytes an epoch); unset {NativeAllocator.ChoiceVariable} or install libmimalloc2.0.");
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return ExitCodes.Failure;
}
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
return VelogradCommandLine.Build().Parse(args).Invoke();
